"""The class roster: search, correct a learner, move or remove, reset a password, merge two accounts;
every change is written to the class's log (who, when)."""
import streamlit as st

from app.db import session_scope
from app.trainer.access import AccessError
from app.trainer.roster import (RosterChangeError, audit_log, edit_learner, find_duplicates, merge_accounts,
                                move_to_class, other_classes, remove_from_class, reset_learner_password, roster)
from app.trainer.slips import Slip, slips_pdf
from app.trainer.exports import export_filename
from app.ui.session import guard
from app.ui.trainer import local_time, pick_class
from tools.safe_text import md
from app.ui.keys import TrainerRoster as K

user = guard(__file__)
st.title("Danh sách lớp")
classroom = pick_class(user, "roster_pick", include_archived=True)
if classroom is None:
    st.stop()

flash = st.session_state.pop(K.ROSTER_FLASH, None)
if flash:
    st.success(md(flash))

search = st.text_input("Tìm học viên", placeholder="Tên (có dấu hay không dấu đều được), số điện thoại, nhóm…",
                       key=K.ROSTER_SEARCH)
with session_scope() as s:
    people = roster(s, user, classroom.id, search)
    everyone = roster(s, user, classroom.id)
    duplicates = find_duplicates(s, user, classroom.id)
    targets = other_classes(s, user, classroom.id)

st.caption(f"{len(people)}/{len(everyone)} học viên" + (f" khớp “{md(search)}”" if search else ""))
st.dataframe(people.assign(last_seen_at=people["last_seen_at"].map(lambda t: local_time(t) if t is not None and t == t
                                                                     else "Chưa đăng nhập")),
             hide_index=True, width="stretch",
             column_order=["full_name", "username", "phone", "email", "group", "last_seen_at"],
             column_config={"full_name": "Họ và tên", "username": "Tên đăng nhập", "phone": "Số điện thoại",
                            "email": "Email", "group": "Nhóm", "last_seen_at": "Vào học lần cuối"})
if len(everyone):
    st.download_button("In phiếu đăng nhập cả lớp (PDF)", lambda: slips_pdf(
        [Slip(r.full_name, r.username, "", r.group or "") for r in everyone.itertuples()], classroom.name),
        export_filename(classroom.name, "pdf", "phieu-dang-nhap"), "application/pdf", icon=":material/print:",
        on_click="ignore", key=K.ALL_SLIPS)
for keep, drop, name in duplicates:
    st.info(f"Có hai tài khoản cùng tên “{md(name)}”. Nếu là một người, hãy gộp ở thẻ “Gộp tài khoản”.")
if people.empty:
    st.stop()

names = {r.user_id: f"{r.full_name} ({r.username})" for r in people.itertuples()}
chosen = st.selectbox("Học viên", list(names), format_func=names.get, key=K.ROSTER_PERSON)
person = people.set_index("user_id").loc[chosen]


def done(message: str) -> None:
    st.session_state[K.ROSTER_FLASH] = message
    st.rerun()


def act(change, message: str) -> None:
    """Run one roster change (a function of the db session): its refusal as an error, else `message`."""
    try:
        with session_scope() as s:
            change(s)
    except (RosterChangeError, AccessError) as exc:
        st.error(str(exc))
    else:
        done(message)


tab_edit, tab_move, tab_password, tab_merge = st.tabs(["Sửa thông tin", "Chuyển lớp, xóa khỏi lớp",
                                                       "Cấp lại mật khẩu", "Gộp tài khoản"])
with tab_edit:
    with st.form(f"edit_{chosen}"):
        full_name = st.text_input("Họ và tên", value=person["full_name"])
        c1, c2 = st.columns(2)
        phone = c1.text_input("Số điện thoại", value=person["phone"] or "")
        email = c2.text_input("Email", value=person["email"] or "")
        group = st.text_input("Nhóm", value=person["group"] or "")
        if st.form_submit_button("Lưu thay đổi", type="primary"):
            try:
                with session_scope() as s:
                    changes = edit_learner(s, user, classroom.id, chosen, full_name, phone, email, group)
            except (RosterChangeError, AccessError) as exc:
                st.error(str(exc))
            else:
                if changes:
                    done(f"Đã lưu thay đổi cho {full_name.strip()}.")
                st.info("Không có gì thay đổi.")

with tab_move:
    if targets:
        labels = dict(targets)
        target = st.selectbox("Chuyển sang lớp", list(labels), format_func=labels.get, key=K.MOVE_TARGET)
        if st.button("Chuyển lớp", icon=":material/move_up:"):
            act(lambda s: move_to_class(s, user, classroom.id, chosen, target),
                f"Đã chuyển {person['full_name']} sang lớp “{labels[target]}”. Tiến độ học vẫn giữ nguyên.")
    else:
        st.caption("Bạn chưa có lớp nào khác để chuyển sang.")
    st.divider()
    sure = st.checkbox(f"Tôi muốn xóa {person['full_name']} khỏi lớp này (tài khoản và tiến độ học vẫn giữ)",
                       key=K.REMOVE_SURE.format(chosen))
    if st.button("Xóa khỏi lớp", icon=":material/person_remove:", disabled=not sure):
        act(lambda s: remove_from_class(s, user, classroom.id, chosen), f"Đã xóa {person['full_name']} khỏi lớp.")

with tab_password:
    st.write("Tạo một mật khẩu dùng một lần mới và in phiếu; học viên đăng nhập bằng nó rồi tự đặt mật khẩu mới. "
             "Mật khẩu cũ hết hiệu lực.")
    sure = st.checkbox(f"Tôi xác nhận cấp lại mật khẩu cho {person['full_name']}", key=K.RESET_SURE.format(chosen))
    if st.button("Cấp lại mật khẩu", disabled=not sure, icon=":material/key:", key=K.RESET.format(chosen)):
        try:
            with session_scope() as s:
                st.session_state[K.ROSTER_SLIP] = reset_learner_password(s, user, classroom.id, chosen)
        except (RosterChangeError, AccessError) as exc:
            st.error(str(exc))
    slip = st.session_state.get(K.ROSTER_SLIP)
    if slip is not None and slip.user_id == chosen:
        st.success(f"Mật khẩu dùng một lần của `{slip.username}`: **{slip.password}**")
        st.download_button("In phiếu (PDF)", slips_pdf([Slip(slip.full_name, slip.username, slip.password,
                                                             person["group"] or "")], classroom.name),
                           f"phieu-{slip.username}.pdf", "application/pdf", icon=":material/print:", key=K.SLIP_PDF)

with tab_merge:
    st.write("Một người có hai tài khoản (ví dụ đăng ký lại bằng email): gộp lại thành một. Mọi bài học, bài "
             "kiểm tra, thực hành, chứng chỉ, điểm danh của tài khoản kia chuyển sang tài khoản đang chọn; tài "
             "khoản kia bị khóa.")
    others = {k: v for k, v in {r.user_id: f"{r.full_name} ({r.username})" for r in everyone.itertuples()}.items()
              if k != chosen}
    if not others:
        st.caption("Lớp chưa có tài khoản nào khác.")
    else:
        drop = st.selectbox("Tài khoản cần gộp vào tài khoản đang chọn", list(others), format_func=others.get,
                            key=K.MERGE_DROP.format(chosen))
        sure = st.checkbox(f"Giữ {names[chosen]}, gộp và khóa {others[drop]}", key=K.MERGE_SURE.format(chosen, drop))
        if st.button("Gộp tài khoản", disabled=not sure, icon=":material/merge:"):
            act(lambda s: merge_accounts(s, user, classroom.id, chosen, drop), f"Đã gộp {others[drop]} vào {names[chosen]}.")

with st.expander("Nhật ký thay đổi của lớp"):
    with session_scope() as s:
        log = audit_log(s, user, classroom.id)
    if log.empty:
        st.caption("Chưa có thay đổi nào.")
    else:
        st.dataframe(log.assign(at=log["at"].map(local_time)), hide_index=True, width="stretch",
                     column_config={"at": "Lúc", "actor": "Người làm", "action": "Việc", "learner": "Học viên",
                                    "detail": st.column_config.TextColumn("Chi tiết", width="large")})
