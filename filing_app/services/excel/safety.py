"""Checks of an uploaded workbook before any spreadsheet library parses it.

In order: size; what the file really is (an .xls or a password-protected workbook, a
renamed CSV or web page, .xlsm/.xlsb/.ods, a Word file) with a message saying how to
get an .xlsx; the zip directory (entry count, declared sizes, compression ratios:
zip bombs); every XML part decompressed by us with a hard cap and searched for
DOCTYPE/ENTITY declarations and foreign encodings (entity expansion, external
entities); the cells of each worksheet (the row limit, and a cell far right or far
down that would make a reader allocate a huge grid).

What passes is re-packed into a new, uncompressed zip holding only the XML parts we
checked, and that copy is what the reader parses: no part can differ from what was
inspected, whatever the original zip directory claims.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

from filing_app.services import storage
from filing_app.services.errors import ServiceError
from filing_app.services.excel.schema import column_letters
from filing_app.settings import get_settings


class ImportRefused(ServiceError):
    """The file as a whole cannot be imported (its rows were not looked at)."""


SAVE_AS_XLSX = "请在Excel或WPS中打开该文件，选择“另存为”，保存类型选“Excel工作簿（*.xlsx）”后再导入"

# Beyond the configurable limits (settings): a real template of 10,000 rows unpacks to
# a few MB; these bounds only stop files built to exhaust memory.
MAX_ENTRIES = 2000
UNCOMPRESSED_FACTOR = 10  # total unpacked size <= 10 x the upload limit
MAX_RATIO = 100  # per entry, for entries over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_COLUMNS = 200  # valued cells beyond column GR are refused


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    uncompressed: int | None = None  # default: UNCOMPRESSED_FACTOR x max_bytes, at least 32 MB

    @property
    def max_uncompressed(self) -> int:
        return self.uncompressed or max(self.max_bytes * UNCOMPRESSED_FACTOR, 32 * 1024 * 1024)

    @property
    def max_cells(self) -> int:
        return (self.max_rows + 100) * 100


def default_limits() -> Limits:
    settings = get_settings()
    return Limits(max_bytes=settings.import_max_bytes, max_rows=settings.import_max_rows)


@dataclass
class SheetStats:
    name: str
    part: str
    hidden: bool
    valued_rows: int = 0  # rows holding at least one value
    max_row: int = 0
    max_col: int = 0


@dataclass
class CheckedWorkbook:
    clean: bytes  # the re-packed copy to parse
    sheets: list[SheetStats] = field(default_factory=list)
    data_sheet: str = ""

    def sheet(self, name: str) -> SheetStats | None:
        return next((s for s in self.sheets if s.name == name), None)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# A cell start tag that is not self-closing (so it holds a value, formula or inline
# string), with its reference; and a cell tag without a reference.
_VALUED_CELL_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
_VALUED_CELL_REF_FIRST = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')  # r first (checked)
_WIDE_CELL = re.compile(rb'<c r="[A-Z]{2}')  # a cell beyond column Z
_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,7})"')
_CELL_WITHOUT_REF = re.compile(rb"<c(?![^>]*\br=)[\s>/]")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _size_text(size: int) -> str:
    return storage.human_size(size)


def too_large_message(size: int, limits: Limits) -> str:
    return (f"文件大小为{_size_text(size)}，超过单个导入文件的上限{_size_text(limits.max_bytes)}；"
            f"请删除文件中的图片等无关内容，或把数据分成多个文件分别导入（每个文件不超过{limits.max_rows}行）")


def check_workbook(data: bytes, limits: Limits | None = None, *, preferred_sheet: str = "",
                   lists_sheet: str = "") -> CheckedWorkbook:
    """Raise ImportRefused with a message the user can act on, or return the checked copy.

    preferred_sheet names the data sheet (see data_sheet); it and lists_sheet are the
    sheets a reader will load, so their cells are scanned.
    """
    limits = limits or default_limits()
    if not data:
        raise ImportRefused("文件为空（0字节），请重新选择文件")
    if len(data) > limits.max_bytes:
        raise ImportRefused(too_large_message(len(data), limits))
    if data.startswith(OLE2_MAGIC):
        raise ImportRefused(
            "文件是旧版Excel 97-2003格式（.xls），或设置了打开密码，系统无法读取；"
            + SAVE_AS_XLSX + "（如设置了密码，请先取消密码）"
        )
    if not data.startswith(b"PK"):
        raise ImportRefused(_not_a_zip_message(data))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportRefused("文件已损坏或不完整，无法打开；请在Excel或WPS中确认文件能正常打开，另存后再导入") from None
    with zf:
        _check_directory(infos, limits)
        _check_kind_of_package(zf, {i.filename for i in infos})
        parts = _read_xml_parts(zf, infos, limits)
    if b"purl.oclc.org/ooxml" in parts.get("xl/workbook.xml", b"")[:2000]:
        raise ImportRefused("文件是“Strict Open XML 电子表格”格式，系统无法读取；" + SAVE_AS_XLSX)
    content_types = parts.get("[Content_Types].xml", b"")
    if b"macroEnabled" in content_types:
        raise ImportRefused("文件是启用宏的工作簿（.xlsm），为安全起见系统不接受含宏的文件。" + SAVE_AS_XLSX)
    if b"sheet.binary" in content_types:
        raise ImportRefused("文件是Excel二进制工作簿（.xlsb），系统无法读取。" + SAVE_AS_XLSX)
    if storage.sniff(data) != storage.XLSX:
        raise ImportRefused("文件不是Excel工作簿（.xlsx）。" + SAVE_AS_XLSX)
    sheets = _worksheets(parts)
    target = data_sheet(sheets, preferred_sheet)
    if target is None:
        raise ImportRefused("文件中没有可见的工作表；请使用本页“下载模板”下载的模板填写后导入")
    _scan_cells(target, parts.get(target.part, b""), limits, max_rows=limits.max_rows, max_cells=limits.max_cells)
    for sheet in sheets:
        if sheet is not target and sheet.name == lists_sheet:
            _scan_cells(sheet, parts.get(sheet.part, b""), limits, max_rows=1000, max_cells=100_000)
    return CheckedWorkbook(clean=_repack(parts), sheets=sheets, data_sheet=target.name)


def _not_a_zip_message(data: bytes) -> str:
    head = data[:65536]
    text = None
    if b"\x00" not in head:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = head.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is not None:
        lowered = text.lstrip().lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            return "文件是“XML表格（2003）”格式，不是Excel工作簿（.xlsx）。" + SAVE_AS_XLSX
        if lowered.startswith(("<!doctype html", "<html")) or "<table" in lowered[:4096]:
            return "文件是网页（HTML）格式，只是扩展名改成了Excel的扩展名，不是真正的Excel工作簿。" + SAVE_AS_XLSX
        return (
            "文件是CSV或文本格式（只修改扩展名不会改变文件格式），不是Excel工作簿。"
            "请使用本页“下载模板”下载的模板填写；已有CSV文件的，" + SAVE_AS_XLSX
        )
    if data.startswith(b"%PDF"):
        return "文件是PDF文档，不是Excel工作簿；请使用本页“下载模板”下载的模板填写后导入"
    return "文件不是Excel工作簿（.xlsx），系统按文件内容识别，修改扩展名无效；请使用本页“下载模板”下载的模板填写后导入"


def _check_kind_of_package(zf: zipfile.ZipFile, names: set[str]) -> None:
    lowered = {n.lower() for n in names}
    if "mimetype" in lowered:
        try:
            with zf.open(next(n for n in names if n.lower() == "mimetype")) as fh:
                mimetype = fh.read(200)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
            mimetype = b""
        if b"opendocument.spreadsheet" in mimetype:
            raise ImportRefused("文件是OpenDocument表格（.ods），不是Excel工作簿。" + SAVE_AS_XLSX)
    if "xl/vbaproject.bin" in lowered or any(n.endswith("vbaproject.bin") for n in lowered):
        raise ImportRefused("文件是启用宏的工作簿（.xlsm），为安全起见系统不接受含宏的文件。" + SAVE_AS_XLSX)
    if "xl/workbook.bin" in lowered:
        raise ImportRefused("文件是Excel二进制工作簿（.xlsb），系统无法读取。" + SAVE_AS_XLSX)
    if "word/document.xml" in lowered:
        raise ImportRefused("文件是Word文档，不是Excel工作簿；请使用本页“下载模板”下载的模板填写后导入")
    if "ppt/presentation.xml" in lowered:
        raise ImportRefused("文件是PowerPoint演示文稿，不是Excel工作簿；请使用本页“下载模板”下载的模板填写后导入")
    if "xl/workbook.xml" not in lowered or "[content_types].xml" not in lowered:
        raise ImportRefused("文件不是Excel工作簿（.xlsx），系统按文件内容识别，修改扩展名无效；请使用本页“下载模板”下载的模板填写后导入")


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    suspicious = ImportRefused(
        "文件解压后的大小异常（超出合理范围或压缩比异常），疑似恶意构造的文件，已拒绝；"
        "请把数据复制到本页下载的模板中再导入"
    )
    if len(infos) > MAX_ENTRIES:
        raise suspicious
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in seen:
            raise ImportRefused("文件内部结构异常（包含重名的部件），已拒绝；请在Excel或WPS中另存为.xlsx后再导入")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise ImportRefused("文件设置了密码保护，系统无法读取；请取消密码后另存为.xlsx再导入")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportRefused("文件使用了不支持的压缩方式；" + SAVE_AS_XLSX)
        total += info.file_size
        if total > limits.max_uncompressed:
            raise suspicious
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise suspicious


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _read_xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> dict[str, bytes]:
    """Decompress every XML part ourselves (never more than its declared size, CRC checked)."""
    parts: dict[str, bytes] = {}
    budget = limits.max_uncompressed
    for info in infos:
        if info.is_dir() or not _is_xml_part(info.filename):
            continue
        try:
            with zf.open(info) as fh:
                content = fh.read(budget + 1)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
            raise ImportRefused("文件已损坏或不完整，无法打开；请在Excel或WPS中确认文件能正常打开，另存后再导入") from None
        budget -= len(content)
        if budget < 0:
            raise ImportRefused("文件解压后的大小异常，疑似恶意构造的文件，已拒绝")
        _check_xml(info.filename, content)
        parts[info.filename] = content
    return parts


def _check_xml(name: str, content: bytes) -> None:
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    if body and not body.lstrip()[:1] == b"<":
        # UTF-16/32 or something else: Excel writes UTF-8 only, and a foreign encoding
        # could hide a declaration from the search below.
        raise ImportRefused("文件内部的XML编码异常，已拒绝；" + SAVE_AS_XLSX)
    declared = _XML_ENCODING.match(body[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise ImportRefused("文件内部的XML编码异常，已拒绝；" + SAVE_AS_XLSX)
    if _DECLARATION.search(body):
        raise ImportRefused(
            "文件中含有不允许的XML声明（DOCTYPE/ENTITY），疑似恶意构造的文件，已拒绝；"
            "请把数据复制到本页下载的模板中再导入"
        )


def _worksheets(parts: dict[str, bytes]) -> list[SheetStats]:
    """Sheet names and their XML parts from workbook.xml and its relationships."""
    try:
        workbook = SafeET.fromstring(parts["xl/workbook.xml"])
        rels = SafeET.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    except Exception:  # noqa: BLE001 - any parse failure is a broken file to the user
        raise ImportRefused("文件内部结构已损坏（工作簿目录无法读取）；" + SAVE_AS_XLSX) from None
    targets = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = _normalize_part(target)
    sheets = []
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id"), "")
        sheets.append(SheetStats(name=sheet.get("name", ""), part=part,
                                 hidden=sheet.get("state", "visible") != "visible"))
    if not sheets:
        raise ImportRefused("文件中没有工作表；请使用本页“下载模板”下载的模板填写后导入")
    return sheets


def _normalize_part(path: str) -> str:
    out: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def data_sheet(sheets: list[SheetStats], preferred: str) -> SheetStats | None:
    """The sheet an import reads: the one named like the template's, else the first visible one."""
    named = next((s for s in sheets if s.name == preferred), None)
    return named or next((s for s in sheets if not s.hidden), None)


def _scan_cells(sheet: SheetStats, xml: bytes, limits: Limits, *, max_rows: int, max_cells: int) -> None:
    """Rows with values, and the farthest valued cell (the grid a reader will allocate).

    Stops at the first sign of a file beyond the limits, so a hostile sheet costs little.
    """
    too_many_rows = ImportRefused(
        f"工作表“{sheet.name}”的数据超过单次导入上限{limits.max_rows}行；请把数据分成多个文件分别导入"
    )
    # Excel, WPS, LibreOffice and openpyxl write r="" first; anything else gets the full search.
    cells = xml.count(b"<c ")
    r_first = cells == xml.count(b'<c r="')
    row_tags = xml.count(b"<row ") + xml.count(b"<row>")
    if r_first and not _WIDE_CELL.search(xml):
        # Fast path for files as Excel, WPS and openpyxl write them: every cell in columns A-Z
        # and every row numbered. Counting every row and cell, empty or not, bounds the grid;
        # only a file beyond these bounds needs the exact search for cells with values.
        numbers = _ROW_NUMBER.findall(xml)
        if len(numbers) == row_tags:
            max_row = max(map(int, numbers), default=0)
            if row_tags - 1 <= max_rows and max_row * 26 <= max_cells:
                sheet.valued_rows, sheet.max_row, sheet.max_col = row_tags, max_row, 26
                return
    if not r_first and _CELL_WITHOUT_REF.search(xml):
        # Cells without a reference take the next free position: bound the grid by tag counts.
        max_row = row_tags
        max_col = cells + xml.count(b"<c>") + xml.count(b"<c/")
        if max_row - 1 > max_rows:
            raise too_many_rows
        sheet.valued_rows, sheet.max_row, sheet.max_col = max_row, max_row, max_col
    else:
        if cells > max_cells:
            raise ImportRefused(f"工作表“{sheet.name}”的单元格数量异常多，超出了导入模板的范围；"
                                "请把数据复制到本页下载的模板中再导入")
        refs = (_VALUED_CELL_REF_FIRST if r_first else _VALUED_CELL_REF).findall(xml)
        rows = {row for _, row in refs}
        if len(rows) - 1 > max_rows:
            raise too_many_rows
        sheet.valued_rows = len(rows)
        sheet.max_row = max(map(int, rows), default=0)
        sheet.max_col = max(map(_column_number, {col for col, _ in refs}), default=0)
    if sheet.max_col > MAX_COLUMNS or sheet.max_row * sheet.max_col > max_cells:
        where = f"第{column_letters(sheet.max_col)}列" if sheet.max_col > MAX_COLUMNS else f"第{sheet.max_row}行"
        raise ImportRefused(
            f"工作表“{sheet.name}”的内容一直延伸到{where}，超出了导入模板的范围；"
            "请删除表格右侧和下方多余的内容（包括空格等看不见的字符）后再导入"
        )


def _repack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()
