"""Every st.session_state key the pages share, named once (a typo then fails on import, not silently).

Every key is here: one that several modules read at module level, the keys of one page (or app/ui helper) in a
class named after it (`from app.ui.keys import BizOrders as K` ... `key=K.PAID.format(order_id)`); "{}" parts
are filled with str.format. tests/test_architecture.py fails on a key written as a string in app/views or app/ui.
"""
from __future__ import annotations

USER = "user"                    # app.ui.session.CurrentUser of who is logged in
SESSION_TOKEN = "session_token"  # the remember-me login session token
PENDING_COOKIE = "_pending_cookie"  # a cookie change to write in the browser on the next run
GUARD = "_guard"                 # what the page guard decided on this run (see GUARD_* below)
LARGE_TEXT = "large_text"        # the reader asked for larger text
TRAINER_CLASS_ID = "trainer_class_id"  # the class a trainer works on, kept across the trainer pages

GUARD_OK = "ok"
GUARD_LOGIN = "login_required"   # not logged in, page needs a role
GUARD_FORBIDDEN = "forbidden"    # logged in with a role that may not open the page
GUARD_EXPIRED = "expired"        # the account was disabled or its role changed meanwhile


# --- keys read by more than one page (a Streamlit session_state is shared by all pages) ---
LISTING_PRODUCT_ID = "listing_product_id"


class Account:
    """app/views/account.py"""
    MY_DATA = "my-data"


class AdminUsers:
    """app/views/admin_users.py"""
    ADMIN_CONFIRM = "_admin_confirm"
    ADMIN_DONE = "_admin_done"
    ADMIN_SLIP = "_admin_slip"
    CONFIRM_BOX = "confirm-box"
    CONFIRM_NO = "confirm-no"
    CONFIRM_YES = "confirm-yes"
    ERASE = "erase-{}"
    LOCK = "lock"
    RESET = "reset"
    SLIP_HIDE = "slip-hide"
    SLIP_PDF = "slip-pdf"
    TARGET = "target"
    UNLOCK = "unlock"


class BizListings:
    """app/views/biz_listings.py"""
    BATCH = "batch"
    BATCH_STOP = "batch_stop"
    CSV = "csv_{}"
    CSV_UPLOAD = "csv_upload"
    IMG = "{}_img"
    KEEP = "{}_keep"
    LISTING_BACKEND = "listing_backend"
    LISTING_CHANNELS = "listing_channels"
    LISTING_PHOTOS = "listing_photos"
    LISTING_PICK = "listing_pick"
    ONE = "one_{}"
    ONE_RESULT = "one_result"
    WHITE = "white_{}"
    XLSX = "xlsx_{}"
    ZIP = "zip_{}"
    ZIP_DATA = "zip_{}_data"
    ZIP_MAKE = "zip_{}_make"


class BizOrders:
    """app/views/biz_orders.py"""
    DOCS = "docs_{}"
    DRAFT_NO = "draft_no"
    D_ADDRESS = "d{}_address"
    D_CHANNEL = "d{}_channel"
    D_CONFIRMED = "d{}_confirmed"
    D_DISCOUNT = "d{}_discount"
    D_ITEM = "d{}_item{}"
    D_NAME = "d{}_name"
    D_PAYMENT = "d{}_payment"
    D_PHONE = "d{}_phone"
    D_QTY = "d{}_qty{}"
    D_SHIP = "d{}_ship"
    FILTER_CUSTOMER = "filter_customer"
    FILTER_DAY = "filter_day"
    FILTER_STATUS = "filter_status"
    ORDER_DRAFT = "order_draft"
    ORDER_MESSAGE = "order_message_{}"
    PAID = "paid_{}"
    PRIVACY_EXPORT = "privacy_export"
    PRIVACY_PHONE = "privacy_phone"
    ROLL = "roll_{}"
    ROLL_NEW = "roll_new_{}"
    SAVED_COUNT = "saved_count"
    SAVED_ORDER = "saved_order"
    SLIP = "slip_{}"
    SLIP_NEW = "slip_new_{}"
    TO = "to_{}_{}"


class BizProducts:
    """app/views/biz_products.py"""
    CONFIRM_DELETE = "confirm_delete"
    FLASH = "flash"
    PRODUCT_CHOICE = "product_choice"
    PRODUCT_CHOICE_NEXT = "product_choice_next"
    SHOP = "shop_{}"


class BizRevenue:
    """app/views/biz_revenue.py"""
    BOOK_MONTH = "book_month"
    REVENUE_BOOK = "revenue_book"
    REVENUE_RANGE = "revenue_range"


class BizVideo:
    """app/views/biz_video.py"""
    DOWNLOAD = "{}-{}"  # a made file's download button
    VID_AI_LABEL = "vid_ai_label"
    VID_ASPECT = "vid_aspect"
    VID_AUDIENCE = "vid_audience"
    VID_CANCEL = "vid_cancel_{}"
    VID_CATEGORY = "vid_category"
    VID_CHANNEL = "vid_channel"
    VID_CONTACT = "vid_contact"
    VID_FEATURES = "vid_features"
    VID_GO = "vid_go"
    VID_JOB = "vid_job"
    VID_LINK = "vid_link"
    VID_LISTEN = "vid_listen"
    VID_LOADED = "vid_loaded"
    VID_LOGO = "vid_logo"
    VID_MODEL = "vid_model"
    VID_NAME = "vid_name"
    VID_PHOTOS = "vid_photos"
    VID_PICK = "vid_pick"
    VID_PRICE = "vid_price"
    VID_REC = "vid_rec"
    VID_REC_FILE = "vid_rec_file"
    VID_REC_MODE = "vid_rec_mode"
    VID_SIZE = "vid_size"
    VID_TAKE = "vid_take_{}_{}"
    VID_TEMPLATE = "vid_template"
    VID_VOICE = "vid_voice"


class Home:
    """app/views/home.py"""
    READ = "read_{}"


class LearnCertificate:
    """app/views/learn_certificate.py"""
    DOWNLOAD = "download"
    ISSUE = "issue"


class LearnCourse:
    """app/views/learn_course.py"""
    RESUME = "resume"
    TRACK_PICK = "track-pick"
    TRACK_SAVE = "track-save"


class LearnLesson:
    """app/views/learn_lesson.py"""
    COMPLETE = "complete"
    LEGAL_SOURCES = "legal-sources"
    LISTEN = "listen"
    VIEWING_LESSON = "viewing_lesson"


class LearnPractice:
    """app/views/learn_practice.py"""
    ASK = "{}-ask-{}"
    BETTER = "{}-better"
    C = "{}-c{}"
    CHANNEL = "{}-channel"
    CHECK = "{}-check"
    EX = "ex-{}"
    FEATURES = "{}-features"
    FIELD = "{}-{}"  # an artifact field's widget (seeded from the saved work)
    JOB = "{}-job"
    MAKE = "{}-make"
    PHOTO = "{}-photo-{}"
    PRICE = "{}-price"
    REP = "{}-rep-{}"
    SAVE = "{}-save"
    SCAM = "scam-{}"
    SHOW = "{}-show"
    SORT = "{}-sort-{}"
    VFEATURES = "{}-vfeatures"
    VIDEO = "{}-video"
    VNAME = "{}-vname"
    VPRICE = "{}-vprice"
    WARNINGS = "{}-warnings"


class LearnQuiz:
    """app/views/learn_quiz.py"""
    OPTION = "{}-{}"  # an option's checkbox
    Q = "q-{}-{}-{}"
    QUESTION = "question-{}"
    QUIZ_RESULT = "quiz-result"
    RETAKE = "retake"


class TrainerAttendance:
    """app/views/trainer_attendance.py"""
    ATTENDANCE_PICK_SESSION = "attendance_pick_session"
    ATTENDANCE_SESSION = "attendance_session"
    CHECKIN_MINUTES = "checkin_minutes"
    TICKS = "ticks_{}"


class TrainerCertificates:
    """app/views/trainer_certificates.py"""
    BULK_PDF = "bulk_pdf"
    BULK_ZIP = "bulk_zip"
    SIGNATURE_FLASH = "signature_flash"


class TrainerClasses:
    """app/views/trainer_classes.py"""
    CF_NEW = "cf-new-{}-{}"
    CF_SAME = "cf-same-{}-{}"
    CLASSES_PICK = "classes_pick"
    CONFLICT = "conflict-{}-{}"
    ENROL_FILE = "enrol_file"
    ENROL_REPORT = "enrol_report"
    ROSTER = "roster_{}"
    SHEET_CSV = "sheet_csv"
    SHEET_PDF = "sheet_pdf"
    SHOW_ARCHIVED = "show_archived"
    TOLD_FILE = "told_file"
    TOLD_ONE = "told_one"


class TrainerDashboard:
    """app/views/trainer_dashboard.py"""
    DEL_NOTICE = "del_notice_{}"
    EXPORT = "export_{}"
    EXPORT_ATTEMPTS = "export_attempts"
    INACTIVE_DAYS = "inactive_days"
    PROFILE_PICK = "profile_pick"
    REMIND_ALL = "remind_all"
    REMIND_DONE = "remind_done"
    REMIND_DRAFT = "remind_draft"
    REMIND_DRAFTS = "remind_drafts"
    REMIND_FLASH = "remind_flash"
    REMIND_MAIL = "remind_mail"
    REMIND_PICK = "remind_pick"


class TrainerLearner:
    """app/views/trainer_learner.py"""
    LEARNER_PICK = "learner_pick"
    RESET = "reset-{}"
    RESET_SURE = "reset-sure-{}"
    REVIEW_FLASH = "review_flash"
    SLIP = "slip-{}"
    SLIP_PDF = "slip-pdf-{}"
    TRACK = "track-{}"
    TRACK_SAVE = "track-save-{}"


class TrainerRoster:
    """app/views/trainer_roster.py"""
    ALL_SLIPS = "all_slips"
    MERGE_DROP = "merge_drop_{}"
    MERGE_SURE = "merge_sure_{}_{}"
    MOVE_TARGET = "move_target"
    REMOVE_SURE = "remove_sure_{}"
    RESET = "reset_{}"
    RESET_SURE = "reset_sure_{}"
    ROSTER_FLASH = "roster_flash"
    ROSTER_PERSON = "roster_person"
    ROSTER_SEARCH = "roster_search"
    ROSTER_SLIP = "roster_slip"
    SLIP_PDF = "slip_pdf"


class UiGates:
    """app/ui/gates.py"""
    FLASH = "_flash"
    INVITATIONS_LATER = "_invitations_later"
    INV_LATER = "inv-later"
    INV_NO = "inv-no-{}"
    INV_YES = "inv-yes-{}"
    PRIVACY_ACK = "privacy-ack"


class UiLearn:
    """app/ui/learn.py"""
    SIGNUP_TRACK = "signup-track"


class UiSession:
    """app/ui/session.py"""
    PENDING_PREFS = "_pending_prefs"
