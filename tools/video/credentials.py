"""AI marks on every video and cover (Luật Trí tuệ nhân tạo 134/2025/QH15, Điều 11; see
shared/rules/advertising-vn.md): a C2PA manifest (content credentials, the open standard platforms
read) declaring the IPTC digital source type, who wrote the script and which voice speaks, signed
with the ward's own key; and a plain Vietnamese tag a simple reader sees (MP4 `comment`, JPEG EXIF
and XMP).

    AiUse(script_writer, voice, own_photos)   what was made how; .uses_ai, .source_type, .notice_vi
    signer_files(folder=None) -> (key.pem, chain.pem)   made on first use in <data>/c2pa/
    sign_file(src, dst, ai, title) -> Path   src (MP4 or JPEG) copied to dst with the manifest
    read_manifest(path) -> dict               the active manifest + validation state (for tests, CLI)
    jpeg_tag_bytes(notice, source_type) -> (exif, xmp)   the plain tag for Pillow's JPEG save

The key and certificate: a self-made certificate authority ("UBND phường ... — Bình dân học AI") and
a signing certificate under it, EC P-256, kept in the data folder. Readers show the credentials as
valid but the signer as "untrusted" (no public CA vouches for it). A ward that obtains an official
certificate puts its key and chain in BINHDAN_C2PA_KEY / BINHDAN_C2PA_CERT (see README).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from tools.files import write_bytes_atomic

SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATOR = "Bình dân học AI"
ORG_DEFAULT = "Phường Mỹ Hào — Bình dân học AI"
LABEL = "Video có sử dụng AI"     # the visible label (rules file: our policy)
_lock = threading.Lock()

# how each part was made, for the manifest (values are what a reader shows)
SCRIPT_WRITERS = {"rules": "Bộ luật soạn sẵn từ thông tin người bán (không dùng mô hình)",
                  "model": "Mô hình ngôn ngữ AI viết câu mở đầu, đã kiểm tra theo luật quảng cáo"}
VOICE_KINDS = {"embedded": ("synthetic", "Giọng đọc tổng hợp espeak-ng (không dùng mạng)"),
               "gtts": ("trained", "Giọng đọc AI của Google (gTTS)"),
               "edge": ("trained", "Giọng đọc AI của Microsoft Edge"),
               "recording": ("human", "Giọng thật của người bán (tự ghi âm)")}


class CredentialError(RuntimeError):
    """Signing failed (message in Vietnamese)."""


@dataclass(frozen=True)
class AiUse:
    script_writer: str = "rules"        # rules | model
    voice: str = "embedded"             # embedded | gtts | edge | recording
    own_photos: bool = False            # every picture of the product came from the seller

    @property
    def voice_kind(self) -> str:
        return VOICE_KINDS.get(self.voice, ("synthetic", ""))[0]

    @property
    def uses_ai(self) -> bool:
        """Anything a viewer could take for real was made by a machine (our policy for the label)."""
        return self.script_writer == "model" or self.voice_kind != "human" or not self.own_photos

    @property
    def may_hide_label(self) -> bool:
        """The seller may switch the visible label off only with their own voice and every picture."""
        return self.voice_kind == "human" and self.own_photos

    @property
    def source_type(self) -> str:
        """IPTC digital source type of the whole video."""
        if self.script_writer == "model" or self.voice_kind == "trained":
            return SOURCE_TYPES + "compositeWithTrainedAlgorithmicMedia"
        if self.voice_kind == "synthetic" or not self.own_photos:
            return SOURCE_TYPES + "compositeSynthetic"
        return SOURCE_TYPES + "composite"

    @property
    def notice_vi(self) -> str:
        """The plain tag, in Vietnamese: what was made by a machine, or that nothing was."""
        parts = []
        if self.script_writer == "model":
            parts.append("câu mở đầu do AI viết")
        if self.voice_kind != "human":
            parts.append("giọng đọc do máy tổng hợp")
        if not self.own_photos:
            parts.append("hình minh họa do máy tạo")
        if parts:
            return f"Video có sử dụng AI: {', '.join(parts)} (Luật Trí tuệ nhân tạo 134/2025/QH15)."
        return ("Giọng đọc và hình ảnh do người bán cung cấp; kịch bản soạn bằng phần mềm "
                f"{GENERATOR} từ thông tin người bán, không dùng mô hình AI.")


def credentials_dir() -> Path:
    from tools.settings import data_dir
    return data_dir() / "c2pa"


def signer_files(folder: Path | None = None) -> tuple[Path, Path]:
    """(private key PEM, certificate chain PEM): an official pair from the environment, else the
    ward's own pair, made on first use (a CA and a signing certificate under it)."""
    key_env, cert_env = os.environ.get("BINHDAN_C2PA_KEY"), os.environ.get("BINHDAN_C2PA_CERT")
    if key_env and cert_env:
        return Path(key_env), Path(cert_env)
    folder = Path(folder) if folder else credentials_dir()
    key, chain = folder / "signer-key.pem", folder / "signer-chain.pem"
    with _lock:
        if not (key.is_file() and chain.is_file()):
            _make_ward_certificates(folder)
    return key, chain


def _make_ward_certificates(folder: Path, org: str | None = None) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    org = org or os.environ.get("BINHDAN_C2PA_ORG", ORG_DEFAULT)
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                          x509.NameAttribute(NameOID.COMMON_NAME, common)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name(f"{org} — CA")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(name(f"{org} — ký nội dung")).issuer_name(ca_name)
            .public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    folder.mkdir(parents=True, exist_ok=True)
    private = serialization.PrivateFormat.PKCS8
    files = {"signer-key.pem": leaf_key.private_bytes(pem, private, serialization.NoEncryption()),
             "signer-chain.pem": leaf.public_bytes(pem) + ca.public_bytes(pem),
             "ca-cert.pem": ca.public_bytes(pem),
             "ca-key.pem": ca_key.private_bytes(pem, private, serialization.NoEncryption())}
    for file_name, data in files.items():   # key files readable by the owner only; chain written last
        write_bytes_atomic(folder / file_name, data, mode=0o600)


def _alg(key_pem: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    key = serialization.load_pem_private_key(key_pem, password=None)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {256: b"es256", 384: b"es384", 521: b"es512"}[key.curve.key_size]
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return b"ed25519"
    if isinstance(key, rsa.RSAPrivateKey):
        return b"ps256"
    raise CredentialError("Khóa ký nội dung không được hỗ trợ (cần EC P-256/384, Ed25519 hoặc RSA).")


MIME = {".mp4": "video/mp4", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def manifest(ai: AiUse, title: str, mime: str) -> dict:
    voice_kind, voice_label = VOICE_KINDS.get(ai.voice, ("synthetic", ai.voice))
    return {
        "claim_generator_info": [{"name": GENERATOR, "version": "0.1"}],
        "title": title,
        "format": mime,
        "assertions": [
            {"label": "c2pa.actions.v2",
             "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": ai.source_type,
                                   "softwareAgent": {"name": GENERATOR},
                                   "description": ai.notice_vi}]}},
            {"label": "vn.binhdan.ai_disclosure",
             "data": {"law": "Luật Trí tuệ nhân tạo 134/2025/QH15, Điều 11",
                      "notice": ai.notice_vi,
                      "script_writer": {"kind": ai.script_writer,
                                        "description": SCRIPT_WRITERS.get(ai.script_writer, ai.script_writer)},
                      "voice": {"kind": voice_kind, "backend": ai.voice, "description": voice_label},
                      "pictures": "người bán cung cấp" if ai.own_photos else "có hình do máy tạo"}},
        ],
    }


def sign_file(src: Path, dst: Path, ai: AiUse, title: str, folder: Path | None = None) -> Path:
    """Write src + a signed C2PA manifest to dst (dst may be a temporary name; the format comes from
    src's suffix)."""
    import c2pa

    src, dst = Path(src), Path(dst)
    mime = MIME.get(src.suffix.lower())
    if mime is None:
        raise CredentialError(f"Không gắn được nhãn AI cho tệp {src.name}.")
    key_path, chain_path = signer_files(folder)
    key_pem = key_path.read_bytes()
    info = c2pa.C2paSignerInfo(alg=_alg(key_pem), sign_cert=chain_path.read_bytes(), private_key=key_pem,
                               ta_url=None)
    try:
        signer = c2pa.Signer.from_info(info)
        # no embedded preview picture: the cover is its own thumbnail, and making one costs 0.5 s
        context = c2pa.Context(c2pa.Settings.from_dict({"builder": {"thumbnail": {"enabled": False}}}))
        with c2pa.Builder(json.dumps(manifest(ai, title, mime), ensure_ascii=False), context) as builder, \
                open(src, "rb") as source, open(dst, "w+b") as dest:
            builder.sign(signer, mime, source, dest)
    except Exception as exc:  # noqa: BLE001 - the c2pa library raises its own error types
        raise CredentialError(f"Không ký được nhãn AI cho {src.name}: {exc}") from exc
    finally:
        try:
            signer.close()
        except Exception:  # noqa: BLE001
            pass
    return dst


def read_manifest(path: Path) -> dict:
    """{'manifest': active manifest dict or None, 'state': 'Valid'|'Invalid'|..., 'codes': [failure codes]}."""
    import c2pa

    path = Path(path)
    try:
        with c2pa.Reader(str(path)) as reader:
            data = json.loads(reader.json())
    except Exception as exc:  # noqa: BLE001
        return {"manifest": None, "state": "none", "codes": [type(exc).__name__], "error": str(exc)}
    active = data.get("manifests", {}).get(data.get("active_manifest", ""), None)
    results = data.get("validation_results", {}).get("activeManifest", {})
    codes = [item.get("code") for item in results.get("failure", [])]
    codes += [item.get("code") for item in data.get("validation_status", []) or []
              if item.get("code") not in codes]
    return {"manifest": active, "state": data.get("validation_state", ""), "codes": codes}


def jpeg_tag_bytes(notice: str, source_type: str = SOURCE_TYPES + "compositeSynthetic") -> tuple[bytes, bytes]:
    """(EXIF bytes, XMP bytes) carrying notice for a JPEG (Pillow: save(..., exif=, xmp=))."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010E] = notice.encode("ascii", "replace").decode()           # ImageDescription is ASCII
    exif[0x9C9C] = notice.encode("utf-16-le") + b"\0\0"                 # XPComment (Windows shows it)
    exif[0x0131] = GENERATOR                                            # Software
    ifd = exif.get_ifd(0x8769)
    ifd[0x9286] = b"UNICODE\0" + notice.encode("utf-16-be")           # UserComment
    from xml.sax.saxutils import escape
    xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
           '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
           f'<dc:description><rdf:Alt><rdf:li xml:lang="vi">{escape(notice)}</rdf:li></rdf:Alt></dc:description>'
           f'<Iptc4xmpExt:DigitalSourceType>{source_type}</Iptc4xmpExt:DigitalSourceType>'
           '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    return exif.tobytes(), xmp.encode("utf-8")
