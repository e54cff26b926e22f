"""What the portals write, as data: posts, organs, scopes, verbs and cue phrases.

Every phrase is written here the way a journalist spells it and folded once at
import (``storage.normalize.fold``), so "Uỷ"/"Ủy", case and dash variants all
match. The detectors only combine these tables; they hold no Vietnamese words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storage.normalize import fold


def _trie_regex(words: list[str]) -> str:
    """A regex matching exactly ``words`` as a character trie: one pass, no backtracking
    over a long list of alternatives (the detectors' speed depends on it)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> tuple[str, int]:
        """The regex of a subtrie and its depth, both built bottom up in one walk (a depth
        recomputed for every sort made importing the vocabulary slow)."""
        children = {ch: render(child) for ch, child in node.items() if ch}
        depth = 1 + max([d for _, d in children.values()] + ([1] if "" in node else []), default=0)
        branches = []
        for ch in sorted(children, key=lambda k: -children[k][1]):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + children[ch][0])
        if "" in node:
            branches.append("")  # the word may end here; longer branches are tried first
        if not branches:
            return "", depth
        if len(branches) == 1:
            return branches[0], depth
        return "(?:" + "|".join(branches) + ")", depth

    return render(trie)[0]


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternative of folded phrases, longest first, bounded by non-word characters."""
    folded = sorted({fold(p) for p in phrases if p.strip()})
    return rf"(?<![\w/])(?:{_trie_regex(folded)})(?![\w/])"


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(alternation(phrases))


# --- people -----------------------------------------------------------------

# Words that introduce a person's name ("đ/c" is rewritten to "đồng chí" first).
INTRODUCERS = ("đồng chí", "các đồng chí", "ông", "bà", "các ông", "các bà", "anh", "chị")

# Family names: a capitalised run that starts with one of these is taken as a
# name even without "đồng chí" before it.
SURNAMES = frozenset(fold(s) for s in """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Lâm Mai
Trịnh Trương Tạ Hà Lương Cao Đoàn Chu Kiều Tô Thái Lưu Quách Khúc Lại Phùng Nghiêm Vương
La Đàm Tăng Triệu Tống Hứa Kim Lục Mạc Nông Hầu Ninh Thân Giang Âu Quan Bạch Lò Vi Đồng
Khổng Mạch Bế Tôn Từ Diệp Phí Cù Cấn Chử Nhữ Lã Doãn Nhâm Tiêu Ông Lữ Văn Đường Hàn Mẫn
Khuất Thạch Sầm Lầu Sùng Giàng Vàng Hoàng Đậu Trình Bành Mông Ma Hoa Thiều Lèo Quản Viên
""".split())

# First words of ethnic-minority names (Ê Đê "Y ...", and the like); "H'..." and "K'..." are read by shape.
ETHNIC_NAME_STARTS = frozenset(fold(s) for s in "Y Ksor Rơ Rmah Nay Siu Kpă Byă Quàng Lường Tòng Cầm".split())
# Usual middle names: with three or four capitalised syllables, a sign that the run is a person.
MIDDLE_NAMES = frozenset(fold(s) for s in """
Văn Thị Hữu Đức Ngọc Minh Xuân Thanh Quang Công Đình Trọng Thế Duy Tiến Hồng Kim Thu Thúy Mạnh Quốc
Anh Hải Bá Khắc Đăng Viết Huy Như Mỹ Diệu Phương Thái Tuấn Trung Hoàng Việt Lan Thành Tất Doãn Sỹ Sĩ
Khánh Bảo Gia Tường Hoài Bích Nhật Chí Trí Tấn Đắc Phúc Thiện Trường Tú Thùy Vân Hương Lệ Ánh Kiều
Cẩm Tố Quỳnh Hạnh Hiền Nguyên Nữ Thất Lê Trần Nguyễn Phạm
A Seo
""".split())
# (The second list: middle names as common as the first, and the second family name of a
# four-syllable name, "Phạm Lê Hoài Nam"; the names of places lead with none of them in the
# middle. The third: H'Mông and Dao names, "Giàng A Của", "Lý Seo Dìn".)

# Ranks and titles written between "đồng chí" and a name.
RANKS = ("đại tướng", "thượng tướng", "trung tướng", "thiếu tướng", "đại tá", "thượng tá", "trung tá",
         "thiếu tá", "đại úy", "thượng úy", "trung úy", "thiếu úy", "gs", "pgs", "ts", "ths", "bs", "pgs.ts",
         "gs.ts", "tiến sĩ", "thạc sĩ", "nhà báo", "nghệ sĩ nhân dân", "nsnd", "nsưt")

# Words never part of a person's name, even capitalised at a sentence start,
# and phrases (two words) that a name never contains.
NOT_NAME_WORDS = frozenset(fold(w) for w in """
uỷ ủy ubnd hđnd mttq ubmttq huyện quận phường xã tỉnh đảng
""".split())
# Words that start a sentence or a phrase, never a name; later in a name they may be a given
# name ("Bùi Văn Sáng", "Trần Văn Hội").
NOT_NAME_STARTS = NOT_NAME_WORDS | frozenset(fold(w) for w in """
các những tại ngày sáng chiều tối trưa dự đến về với trong theo cùng thay ban của và hội
""".split())
NOT_NAME_PHRASES = frozenset(fold(p) for p in (
    "đồng chí", "bí thư", "chủ tịch", "thường trực", "thường vụ", "hội nghị", "chấp hành", "nhân dân",
    "mặt trận", "tổ quốc", "lãnh đạo", "đại biểu", "chương trình", "quy chế", "kế hoạch", "thị trấn",
    "thị xã", "thành phố", "trung tâm", "công an", "quân sự", "thanh niên", "phụ nữ", "nông dân",
    "cựu chiến", "chiến binh", "văn hóa", "kinh tế", "xã hội", "việt nam", "phó chủ", "ủy viên",
    # "tham gia Ủy ban, Đoàn Chủ tịch": the Front's presidium, though "Đoàn" is a family name.
    "đoàn chủ",
))

# --- posts ------------------------------------------------------------------

# Posts of the SPEC vocabulary, most specific first. Each head is matched at
# the start of a post segment; what follows decides organ and scope.
PARTY_POST_HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("standing_deputy_party_secretary", (
        "phó bí thư thường trực", "phó bí thư tt", "pbt thường trực", "pbt tt", "pbttt",
        "p.bí thư thường trực")),
    ("deputy_party_secretary", ("phó bí thư", "pbt", "p.bí thư")),
    ("party_secretary", ("bí thư",)),
    ("standing_committee_member", (
        "ủy viên ban thường vụ", "ủy viên btv", "ủy viên thường vụ", "uv ban thường vụ",
        "uv btv", "uvbtv", "uvtv", "ubtv", "thường vụ")),
)

# Membership of a party committee, spelled with its own level.
COMMITTEE_MEMBER_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("national", ("ủy viên ban chấp hành trung ương", "ủy viên bch trung ương", "ủy viên trung ương đảng",
                  "ủy viên trung ương", "uvtw")),
    # "Ủy viên Ban Chấp hành Đảng bộ TP Hà Nội" is a Thành ủy viên, spelled out.
    ("city", ("thành ủy viên", "tuv", "thành uv", "ủy viên ban chấp hành đảng bộ thành phố",
              "ủy viên ban chấp hành đảng bộ tp", "ủy viên ban chấp hành thành ủy",
              "ủy viên bch đảng bộ thành phố", "ủy viên bch đảng bộ tp")),
    ("province", ("tỉnh ủy viên", "tỉnh uv", "ủy viên ban chấp hành đảng bộ tỉnh", "ủy viên ban chấp hành tỉnh ủy",
                  "ủy viên bch đảng bộ tỉnh")),
    ("district", ("huyện ủy viên", "quận ủy viên", "thị ủy viên", "huv", "quv",
                  "ủy viên ban chấp hành đảng bộ huyện", "ủy viên ban chấp hành đảng bộ quận",
                  "ủy viên ban chấp hành huyện ủy", "ủy viên ban chấp hành quận ủy",
                  "ủy viên bch đảng bộ huyện", "ủy viên bch đảng bộ quận")),
    ("ward", ("đảng ủy viên",)),
)
# Membership of a standing committee written as one abbreviation that names its level: "TVTU"
# (Thường vụ Tỉnh ủy, or Thành ủy in Hà Nội: read like "TUV"), "TVQU", "BTVHU", "UVBTVĐU".
STANDING_MEMBER_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("city", ("tvtu", "btvtu", "uvtvtu", "uvbtvtu", "uv btvtu", "ủy viên btvtu")),
    ("district", ("tvhu", "tvqu", "btvhu", "btvqu", "uvtvhu", "uvtvqu", "uvbtvhu", "uvbtvqu", "uv btvhu",
                  "uv btvqu", "ủy viên btvhu", "ủy viên btvqu")),
    ("ward", ("tvđu", "btvđu", "uvbtvđu", "uv btvđu")),
)

CHAIR_HEADS = {"vice": ("phó chủ tịch", "pct", "phó ct", "p.chủ tịch"), "chair": ("chủ tịch", "ct")}

# The organ after "Chủ tịch": what makes it an HĐND, UBND or Front post.
ORGANS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mttq", ("ủy ban mttq việt nam", "ủy ban mttqvn", "ủy ban mttq", "ubmttq việt nam", "ubmttqvn",
              "ubmttq", "ub mttq", "ủy ban mặt trận tổ quốc việt nam", "ủy ban mặt trận tổ quốc",
              "ủy ban mặt trận", "mặt trận tổ quốc việt nam", "mặt trận tổ quốc", "mttq việt nam",
              "mttqvn", "mttq", "ban thường trực ủy ban mttq", "ubmt", "ủy ban mt")),
    ("hdnd", ("hđnd", "hội đồng nhân dân", "hdnd")),
    ("ubnd", ("ubnd", "ủy ban nhân dân", "ub nhân dân", "ủy ban")),
)

# Words between a chair title and its organ that do not change the post.
CHAIR_FILLERS = ("thường trực", "phụ trách điều hành", "phụ trách", "tt")

# Heads of posts outside the vocabulary: kept as `other` with their words.
OTHER_POST_HEADS = (
    "trưởng ban", "phó trưởng ban", "phó ban", "trưởng phòng", "phó trưởng phòng", "giám đốc",
    "phó giám đốc", "chánh văn phòng", "phó chánh văn phòng", "chánh thanh tra", "phó chánh thanh tra",
    "chánh án", "phó chánh án", "viện trưởng", "phó viện trưởng", "chủ nhiệm", "phó chủ nhiệm",
    "chỉ huy trưởng", "chính trị viên", "trưởng công an", "phó trưởng công an", "bộ trưởng",
    "thứ trưởng", "tổng bí thư", "thủ tướng", "phó thủ tướng", "chủ tịch nước", "phó chủ tịch nước",
    "chủ tịch quốc hội", "phó chủ tịch quốc hội", "đại biểu quốc hội", "trưởng đoàn đại biểu quốc hội",
    "phó trưởng đoàn đại biểu quốc hội", "tổng biên tập", "hiệu trưởng", "thư ký", "kế toán trưởng",
    "ủy viên ủy ban nhân dân", "ủy viên ubnd", "ủy viên", "trưởng", "phó trưởng", "chánh", "phó chánh",
    "trưởng khu", "tổ trưởng", "bí thư chi bộ", "bí thư đoàn", "bí thư huyện đoàn",
    "bí thư quận đoàn", "bí thư thành đoàn", "bí thư tỉnh đoàn", "bí thư đoàn thanh niên",
    "tổng giám đốc", "phó tổng giám đốc", "cục trưởng", "phó cục trưởng", "vụ trưởng", "phó vụ trưởng",
    "trưởng ban tổ chức", "trưởng ban dân vận", "trưởng ban tuyên giáo", "chủ nhiệm ủy ban kiểm tra",
    "chi cục trưởng", "phó chi cục trưởng", "trưởng thôn", "trưởng bản", "tổ trưởng tổ dân phố",
    "phó chỉ huy trưởng", "chính trị viên phó", "đại biểu hđnd", "đại biểu hội đồng nhân dân",
    # The Secretariat's standing member: a national post, not a committee's secretary.
    "thường trực ban bí thư",
)
# Heads that are national posts by themselves, with no level word after them ("Tổng Bí thư A", "Chủ tịch
# nước B", "Thứ trưởng Bộ Tư pháp C").
NATIONAL_HEADS = ("tổng bí thư", "thủ tướng", "phó thủ tướng", "chủ tịch nước", "phó chủ tịch nước",
                  "bộ trưởng", "thứ trưởng", "đại biểu quốc hội")
# A post in a branch of a department (Chi cục of a Sở) is the city's (or the province's).
DEPARTMENT_WORDS = ("sở", "chi cục")

# The party committee of an agency or a bloc, not of a commune or a ward: its posts are "other", of the
# level its words name ("Phó Bí thư Thường trực Đảng ủy MTTQ, các đoàn thể Trung ương").
AGENCY_COMMITTEES = ("đảng ủy mttq", "đảng ủy mặt trận", "đảng ủy khối", "đảng ủy công an", "đảng ủy quân sự",
                     "đảng ủy các cơ quan", "đảng ủy cơ quan", "đảng ủy bộ", "đảng ủy chính phủ",
                     "đảng ủy quốc hội")
# "Bí thư" of these is not the party secretary of a committee ("Bí thư Trung ương Đảng" sits on the
# Secretariat: a national post of its own; "Bí thư Ban cán sự đảng", "Bí thư Đảng đoàn" lead the party
# group of a ministry, an agency or a council).
NOT_PARTY_SECRETARY_AFTER = ("chi bộ", "đoàn", "huyện đoàn", "quận đoàn", "thành đoàn", "tỉnh đoàn",
                             "chi đoàn", "đoàn thanh niên", "đoàn tncs", "trung ương đoàn", "trung ương",
                             "tw", "ban cán sự", "đảng đoàn", *AGENCY_COMMITTEES)
# "Chủ tịch" of these is no HĐND, UBND or Front post.
NOT_CHAIR_ORGANS = ("hội", "liên đoàn", "công đoàn", "liên hiệp", "hiệp hội", "quốc hội", "nước",
                    "hđqt", "hội đồng quản trị", "hội đồng thành viên", "câu lạc bộ", "ban")

# --- scopes -----------------------------------------------------------------

# Level words after a post, in the order they are tried. "thành ủy"/"thành
# phố" mean the city in Hà Nội; in a province they are a district-level town.
SCOPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("national", ("trung ương", "tw", "quốc hội", "chính phủ", "nhà nước", "toàn quốc", "bộ chính trị",
                  "ban bí thư")),
    ("province", ("tỉnh ủy", "tỉnh")),
    ("city", ("thành ủy", "thành phố", "tp", "tp.", "thành đoàn")),  # "Thành Đoàn": the city's youth union
    ("district", ("huyện ủy", "quận ủy", "thị ủy", "huyện", "quận", "thị xã")),
    ("ward", ("đảng ủy phường", "đảng ủy xã", "đảng ủy thị trấn", "đảng ủy", "phường", "xã",
              "thị trấn")),
)
# Villages and street groups are parts of a commune or ward: their posts are of that level.
VILLAGE_UNITS = ("thôn", "tổ dân phố", "tdp", "bản", "buôn", "bon", "xóm", "khu dân cư", "ấp")

# Unit words that a place name follows ("huyện Thanh Trì").
PLACE_UNITS = ("huyện", "quận", "thị xã", "phường", "xã", "thị trấn", "tỉnh", "thành phố",
               "huyện ủy", "quận ủy", "thị ủy", "tỉnh ủy", "thành ủy", "đảng ủy phường",
               "đảng ủy xã", "đảng ủy thị trấn", "tp")
DISTRICT_UNITS = ("huyện", "quận", "thị xã")

# Kept in a post already held: "tái cử", and "tiếp tục" before any electing verb ("tiếp tục được hiệp
# thương cử", "tiếp tục trúng cử"): the same holder again, no change.
RE_ELECTED = ("tái cử", "tái đắc cử", "tái trúng cử", "tiếp tục được bầu", "tiếp tục tín nhiệm bầu",
              "tiếp tục được tín nhiệm bầu", "tiếp tục được hiệp thương cử", "tiếp tục hiệp thương cử",
              "tiếp tục được cử", "tiếp tục trúng cử", "tiếp tục đắc cử", "được bầu lại", "được tái cử",
              # A reappointment at the end of a term keeps the holder: "bổ nhiệm lại", "tái bổ nhiệm".
              "bổ nhiệm lại", "tái bổ nhiệm")

# Qualifiers: (qualifier, phrases); the first that a post segment carries wins.
QUALIFIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nominated", ("được giới thiệu để bầu", "giới thiệu để bầu", "giới thiệu bầu",
                   "được giới thiệu", "dự kiến giới thiệu", "giới thiệu ứng cử")),
    ("re_elected", RE_ELECTED),
    ("in_charge", ("phụ trách điều hành", "được giao phụ trách điều hành", "phụ trách, điều hành")),
    ("former", ("nguyên",)),
    ("acting", ("quyền", "q.")),
    ("elected", ("tân",)),
)
PREFIX_QUALIFIERS = frozenset({"former", "acting", "elected"})

# Where a post phrase stops: a verb or preposition that starts the predicate.
POST_STOP_WORDS = (
    "phát biểu", "chủ trì", "đồng chủ trì", "trình bày", "thay mặt", "đã", "cùng", "tới dự", "dự",
    "tham dự", "nhấn mạnh", "trao", "tặng", "ký", "khẳng định", "đề nghị", "chúc mừng", "cho biết",
    "yêu cầu", "chỉ đạo", "ghi nhận", "đánh giá", "kết luận", "giữ chức", "làm", "được", "và",
    "tại", "trong", "về", "với", "để", "nhiệm kỳ", "khóa", "phát động", "báo cáo", "tham luận",
    "đến", "lên", "thăm", "kiểm tra", "chúc", "động viên", "điều hành", "nêu", "mong muốn",
    "nhận", "là", "do", "theo", "thì", "vừa", "sẽ", "đang", "có", "gửi", "đọc", "công bố",
)

# Lines that credit a writer or photographer, never a post holder.
CREDIT_PREFIXES = ("ảnh", "tin", "bài", "tin và ảnh", "tin, ảnh", "bài, ảnh", "bài và ảnh", "nguồn",
                   "video", "clip", "đồ họa")

# --- signings ---------------------------------------------------------------

SIGN_VERBS = ("ký kết", "kí kết", "ký vào kết", "ký vào", "cùng ký", "ký", "kí")
# What is signed: coordination programmes and regulations, never cooperation
# agreements or memoranda ("thỏa thuận hợp tác", "biên bản ghi nhớ").
SIGNED_OBJECTS = (
    "chương trình phối hợp", "chương trình công tác phối hợp", "chương trình phối hợp công tác",
    "chương trình phối hợp hoạt động", "chương phối hợp", "quy chế phối hợp", "quy chế làm việc phối hợp",
    "quy chế phối hợp công tác", "chương trình liên tịch", "nghị quyết liên tịch", "quy chế liên tịch",
    "chương trình hành động phối hợp", "chương trình phối kết hợp", "quy chế phối kết hợp",
    "chương trình thống nhất hành động", "kế hoạch liên tịch", "chương trình hợp tác",
)
# "ký kết liên tịch", "ký kết phối hợp": the verb alone names the act.
SIGN_ALONE = ("ký kết liên tịch", "kí kết liên tịch", "ký kết phối hợp", "ký liên tịch",
              "ký kết giao ước thi đua phối hợp")
# Before the signing verb: the signing is only planned, drafted, wished or denied.
NOT_YET = ("dự thảo", "sẽ", "dự kiến", "chuẩn bị", "tiến tới", "đề xuất", "xây dựng", "góp ý",
           "chưa", "không", "thống nhất nội dung", "đề nghị", "yêu cầu", "cần", "kế hoạch tổ chức",
           "hướng tới", "tiến hành xây dựng", "sắp", "phải", "mong muốn", "đề ra việc", "trước khi")
# Before the signing verb: the bodies sign as a habit ("Hằng năm, ... đều ký kết"), no signing is reported.
HABITUAL = ("hằng năm", "hàng năm", "mỗi năm", "nhiều năm nay", "nhiều năm qua", "các năm", "lâu nay",
            "thường xuyên", "định kỳ", "thường niên", "đều ký", "đều kí", "đều ký kết", "đều tổ chức ký",
            "đầu mỗi", "theo quy định", "quy định")
# Right before the signing verb (its own clause): the signing is kept up as a habit ("luôn duy trì việc ký kết").
HABITUAL_NEAR = ("duy trì", "luôn")
# Anywhere after the signing verb in its clause: the programme is signed as a habit ("ký kết chương
# trình phối hợp giữa ba cơ quan ngay từ đầu mỗi năm", "... toàn khóa và cụ thể hóa hằng năm").
HABITUAL_AFTER = ("hằng năm", "hàng năm", "mỗi năm", "thường niên")
# Anywhere in the sentence: the signing is spoken of as a custom ("đã trở thành nền nếp").
ROUTINE = ("nền nếp", "nề nếp", "thông lệ", "thành lệ")
# Just after the signing verb: it is still to come ("ký kết vào tuần đầu tháng 1 tới").
FUTURE_AFTER = ("tới", "sắp tới", "năm sau", "tháng sau", "tuần sau", "trong thời gian tới")
# Right before the signing verb: a clause of time that looks back to a signing already made
# ("Sau khi ký kết chương trình phối hợp, ba cơ quan đã ...", "Từ khi ký kết quy chế đến nay").
BACKGROUND_BEFORE = ("sau khi", "từ khi", "kể từ khi", "ngay sau khi", "kể từ ngày")
# Opening a sentence: what it tells is still to come ("Thời gian tới, ba cơ quan tiếp tục ký kết ...").
FUTURE_OPENING = ("thời gian tới", "thời gian sắp tới", "năm tới", "sắp tới", "tới đây")
# Anywhere before the signing verb: the signing is asked for ("đề nghị ... quan tâm ký kết").
PROPOSED = ("đề nghị", "kiến nghị", "đề xuất")
WARD_UNITS = ("phường", "xã", "thị trấn")
# The day Hà Nội's districts were dissolved: after it, wards and communes are the places of events.
REFORM_DATE = (2025, 7, 1)

# Before a programme that is then said to be signed: it is an old one being
# reviewed or applied ("thực hiện Chương trình phối hợp đã ký kết").
# Anywhere before the signing verb: the sentence is about a plan or a draft.
PLAN_BEFORE = ("ban hành kế hoạch", "kế hoạch số", "dự thảo", "dự kiến", "thông báo số")
PAST_CONTEXT = ("theo", "căn cứ", "thực hiện", "triển khai", "sơ kết", "tổng kết", "đánh giá", "kết quả",
                "qua", "sau", "nhìn lại", "của", "từ khi", "kể từ", "trên cơ sở", "dựa trên", "dựa vào",
                "bám sát")
PAST_AFTER_OBJECT = ("số", "đã ký", "đã được ký", "được ký kết từ", "ký kết từ", "ký từ", "ký ngày",
                     "ký kết ngày", "ký năm", "ký kết năm", "ký kết giai đoạn", "ký kết từ năm")

# Parties of a signing, folded patterns per code; checked in this order.
PARTY_ORGANS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mttq", ("ủy ban mttq việt nam", "ủy ban mttq", "ubmttq", "ub mttq", "ủy ban mặt trận tổ quốc việt nam",
              "ủy ban mặt trận tổ quốc", "mặt trận tổ quốc việt nam", "mặt trận tổ quốc", "mttq việt nam",
              "mttqvn", "mttq", "mặt trận", "ubmt")),
    ("hdnd", ("hđnd", "hội đồng nhân dân", "hdnd")),
    ("ubnd", ("ubnd", "ủy ban nhân dân", "ub nhân dân")),
    ("party_committee", ("huyện ủy", "quận ủy", "thị ủy", "thành ủy", "tỉnh ủy", "đảng ủy",
                         "ban thường vụ huyện ủy", "ban thường vụ quận ủy")),
)
# Heads of other organisations that sign programmes; their own words are kept.
# Common words that hold an organisation's word: no party ("báo cáo" is a report, "cơ sở" a basis).
NOT_ORGANISATION_PHRASES = ("báo cáo", "cơ sở", "thông báo", "dự báo", "cảnh báo")
OTHER_ORGANISATIONS = (
    "hội nông dân", "hội liên hiệp phụ nữ", "hội lhpn", "hội phụ nữ", "hội cựu chiến binh", "hội ccb",
    "liên đoàn lao động", "ldld", "huyện đoàn", "quận đoàn", "thành đoàn", "tỉnh đoàn", "đoàn thanh niên",
    "công an", "viện kiểm sát nhân dân", "viện kiểm sát", "tòa án nhân dân", "tòa án",
    "ban chỉ huy quân sự", "bộ chỉ huy quân sự", "ngân hàng chính sách xã hội", "chi cục thuế",
    "bảo hiểm xã hội", "hội chữ thập đỏ", "hội người cao tuổi", "hội khuyến học", "phòng giáo dục",
    "phòng tư pháp", "phòng văn hóa", "trung tâm y tế", "trung tâm văn hóa", "ban quản lý",
    "đội quản lý thị trường", "hạt kiểm lâm", "chi nhánh", "báo", "đài phát thanh", "sở", "ban tuyên giáo",
    "ban dân vận", "ủy ban kiểm tra", "thanh tra", "công đoàn", "hội doanh nghiệp", "hội luật gia",
    "bộ đội biên phòng", "đồn biên phòng", "trường", "bệnh viện", "kho bạc nhà nước",
)
# Where a signing party's own words end.
ORGANISATION_END = ("và", "với", "đã", "ký", "kí", "tổ chức", "cùng", "giữa", "về", "năm", "trên", "tại",
                    "đồng", "chính thức", "long trọng", "thống nhất", "phối hợp")
# Where a place is only where the event happened: "tại Hội trường Quận ủy".
VENUE_WORDS = ("hội trường", "trụ sở", "nhà văn hóa", "phòng họp", "trung tâm hội nghị", "tại")

# --- changes ----------------------------------------------------------------

# (kind, verb phrases), checked in this order; nominations and re-elections
# are qualifiers of a post, not changes.
CHANGE_VERBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nominated", ("giới thiệu để bầu", "giới thiệu bầu", "được giới thiệu", "giới thiệu ứng cử",
                   "dự kiến nhân sự", "để bầu", "để hđnd", "để hội đồng nhân dân", "đề cử", "ứng cử",
                   "dự kiến bầu", "nhân sự dự kiến", "dự kiến giới thiệu")),
    ("re_elected", (*RE_ELECTED, "tiếp tục giữ chức")),
    ("in_charge", ("phụ trách điều hành", "giao phụ trách", "phụ trách, điều hành", "phân công phụ trách")),
    ("acting", ("giao quyền", "làm quyền", "giữ chức quyền")),
    ("dismissed", ("miễn nhiệm", "cách chức", "bãi nhiệm", "cho thôi giữ chức", "cho thôi")),
    ("vacated", ("nghỉ hưu", "thôi giữ chức", "xin thôi", "nghỉ công tác", "từ trần", "qua đời",
                 "nghỉ chế độ", "thôi làm")),
    ("elected", ("bầu bổ sung", "hiệp thương cử", "hiệp thương bầu", "được bầu", "trúng cử", "bầu",
                 "đắc cử", "bỏ phiếu bầu", "tín nhiệm bầu", "kiện toàn chức danh", "kiện toàn chức vụ",
                 "được cử giữ chức", "được cử làm", "được cử vào", "cử giữ chức", "hiệp thương cử bổ sung",
                 # "các đại biểu biểu quyết cử ông A ... giữ chức Chủ tịch Ủy ban MTTQ": the Front's vote ("cử"
                 # alone is also "cử tri", "bầu cử").
                 "biểu quyết cử", "thống nhất cử")),
    # "chuẩn y": the higher committee confirms a Party post; like "chỉ định", the post is conferred.
    ("appointed", ("bổ nhiệm", "chỉ định", "chuẩn y")),
    ("assigned", ("điều động", "phân công", "luân chuyển", "được giao giữ chức")),
)
# Before an arriving verb in its clause: the change is congratulated, planned, proposed or
# recalled, not done by this article ("chúc mừng đồng chí X, người được bầu ...", "dự kiến bầu").
CHANGE_NOT_DONE = ("chúc mừng", "dự kiến", "sẽ", "kế hoạch", "phương án", "đề án", "chuẩn bị", "tiến tới",
                   "thống nhất chủ trương", "đồng ý chủ trương", "chủ trương để", "chủ trương cho",
                   "trình bầu", "nếu", "từng", "để", "nhằm", "quy trình",
                   "xin ý kiến", "lấy phiếu", "trước khi", "sắp", "chia tay", "cảm ơn", "tri ân",
                   "người đã được", "người vừa được", "người được", "người vừa", "người mới",
                   "đầu nhiệm kỳ", "trước đây",
                   "thời gian qua", "nhiều năm", "trình hđnd", "trình hội đồng nhân dân", "đề nghị hđnd", "trình bày",
                   "đề nghị hội đồng nhân dân",
                   # A submission asks for the decision: "Tờ trình ... đề nghị bầu ông A giữ chức ..."; but
                   # "Theo đề nghị của Sở Nội vụ, ... bổ nhiệm": the decision made on it (changes._not_done).
                   "đề nghị")
# After "điều động" with no post conferred: the person leaves for other work ("nhận nhiệm vụ mới").
NEW_DUTY = ("nhận nhiệm vụ", "nhận công tác", "công tác khác", "nhiệm vụ khác", "nhiệm vụ mới")
# After a leaving verb: the reason for leaving, not a change of its own ("do được điều động ...").
REASON_MARKERS = ("do", "vì", "để")

# A sentence ending in ":" with one of these opens a table of results, one post a line
# ("Kết quả bầu các chức danh như sau:" / "Chủ tịch HĐND phường: đồng chí A").
RESULTS_TABLE_CUES = ("kết quả", "kết quả bầu", "kết quả hiệp thương", "kết quả kiện toàn", "bầu các chức danh",
                      "trúng cử", "được bầu", "kết quả như sau", "kết quả cụ thể")

# Before a leaving verb: the departure is still to come ("sẽ nghỉ hưu", "đến ngày nghỉ hưu").
LEAVING_NOT_DONE = ("sẽ", "dự kiến", "kế hoạch", "chuẩn bị", "sắp", "đến ngày", "đến tuổi", "trước khi",
                    "nếu", "thông báo nghỉ hưu", "từng", "khi",
                    # Asked for or agreed in principle, not yet decided: "đã có đơn xin nghỉ hưu trước tuổi".
                    "đơn xin", "có đơn", "nguyện vọng xin", "thống nhất chủ trương", "đồng ý chủ trương",
                    # Submitted to the council: a proposal its session decides later.
                    "trình hđnd", "trình hội đồng nhân dân", "đề nghị hđnd", "đề nghị hội đồng nhân dân",
                    "trình bày")

# Words that introduce the post someone now holds.
TARGET_POST_MARKERS = ("giữ chức vụ", "giữ chức danh", "giữ chức", "vào chức danh", "vào chức vụ",
                       "chức danh", "chức vụ", "làm", "đảm nhiệm", "đảm nhận", "vào vị trí", "là")
# Seats won at an election ("trúng cử đại biểu HĐND thành phố"): many holders, each voted in by the
# public; no leadership post changes hands.
ELECTED_SEATS = ("đại biểu",)
# Bodies set up for a task or an event: heading one ("Trưởng Ban Chỉ đạo") is a duty, not a leadership change.
AD_HOC_BODIES = ("ban chỉ đạo", "tổ công tác", "tổ giúp việc", "đoàn công tác", "đoàn kiểm tra", "đoàn giám sát",
                 "tiểu ban", "ban giám khảo", "hội đồng giám khảo", "ban tổ chức lễ", "ban tổ chức giải",
                 "ban tổ chức hội")
# Words before the previous holder's name.
REPLACES_MARKERS = ("thay đồng chí", "thay ông", "thay bà", "thay cho đồng chí", "thay cho ông",
                    "thay cho bà", "thay thế đồng chí", "thay thế ông", "thay thế bà", "thay", "thay cho",
                    "thay thế", "người tiền nhiệm")
# Words before the name of the one who leaves ("miễn nhiệm ... đối với ông X").
LEAVER_MARKERS = ("đối với đồng chí", "đối với ông", "đối với bà", "đối với", "của đồng chí", "của ông",
                  "của bà", "cho đồng chí", "cho ông", "cho bà")
