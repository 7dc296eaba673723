"""Printable PDFs (fpdf2) with a Vietnamese font: the enrolment sheet and the one-page class summary."""
from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from tools import safe_text
from tools.video.fonts import regular_and_bold


def new_pdf(title: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    regular, bold = regular_and_bold()
    pdf.add_font("vn", "", str(regular))
    pdf.add_font("vn", "B", str(bold))
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("vn", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("vn", "", 10)
    return pdf


def heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("vn", "B", 11.5)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("vn", "", 9.5)


def table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: list[float], font_size: float = 9) -> None:
    pdf.set_font("vn", "", font_size)
    with pdf.table(col_widths=widths, line_height=font_size * 0.55, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245)), first_row_as_headings=True) as t:
        t.row(header)
        for row in rows:
            t.row([str(safe_text.cell(c)) for c in row])


def output(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
