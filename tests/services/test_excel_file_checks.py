"""Files refused as a whole: each gets its own Chinese message, an audit row, and changes nothing."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from filing_app.services.excel import importer, safety
from filing_app.services.excel.safety import SAVE_AS_XLSX, Limits
from filing_app.settings import get_settings
from tests.services.excel_support import device, last_audit, make_org, people_file, person, snapshot, workbook

DOWNLOAD = "请点击本页的“下载模板”下载最新模板，把数据复制到模板中再导入"
USE_TEMPLATE = "请使用本页“下载模板”下载的模板填写后导入"
MALICIOUS = "文件中含有不允许的XML声明（DOCTYPE/ENTITY），疑似恶意构造的文件，已拒绝；请把数据复制到本页下载的模板中再导入"


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None,
          drop: tuple[str, ...] = (), method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            content = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


@pytest.fixture()
def org(session):  # noqa: ANN001
    return make_org(session)


def refused(session, org, data: bytes, *, kind: str = "people", filing_type: str = "monitoring",  # noqa: ANN001
            limits: Limits | None = None) -> str:
    before = snapshot(session)
    result = importer.run_import(session, org.main, kind, filing_type, data, limits=limits)
    session.commit()
    assert not result.ok and not result.errors
    assert snapshot(session) == before
    row = last_audit(session, "excel_import")
    assert row.result == "fail" and row.detail["reason"] == result.message[:300]
    return result.message


def good() -> bytes:
    return people_file([person()])


# ---------------------------------------------------------------- what the file really is


def test_empty_file(session, org):
    assert refused(session, org, b"") == "文件为空（0字节），请重新选择文件"


def test_old_xls_or_password_protected_workbook(session, org):
    data = safety.OLE2_MAGIC + bytes(4096)
    assert refused(session, org, data) == (
        "文件是旧版Excel 97-2003格式（.xls），或设置了打开密码，系统无法读取；" + SAVE_AS_XLSX + "（如设置了密码，请先取消密码）")


def test_macro_workbook_by_its_vba_part_and_by_its_content_type(session, org):
    message = "文件是启用宏的工作簿（.xlsm），为安全起见系统不接受含宏的文件。" + SAVE_AS_XLSX
    assert refused(session, org, rezip(good(), add={"xl/vbaProject.bin": b"\x00" * 64})) == message
    types = part(good(), "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
        b"application/vnd.openxmlformats-officedocument.sheet.macroEnabled", b"application/vnd.ms-excel.sheet.macroEnabled")
    assert b"macroEnabled" in types
    assert refused(session, org, rezip(good(), replace={"[Content_Types].xml": types})) == message


def test_renamed_csv_in_utf8_and_in_gbk(session, org):
    message = ("文件是CSV或文本格式（只修改扩展名不会改变文件格式），不是Excel工作簿。"
               "请使用本页“下载模板”下载的模板填写；已有CSV文件的，" + SAVE_AS_XLSX)
    csv = "姓名,证件号码,学历\n张三,110108198801011234,本科\n"
    assert refused(session, org, csv.encode("utf-8")) == message
    assert refused(session, org, csv.encode("gbk")) == message


def test_web_page_saved_as_xls(session, org):
    html = "<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode()
    assert refused(session, org, html) == ("文件是网页（HTML）格式，只是扩展名改成了Excel的扩展名，不是真正的Excel工作簿。"
                                           + SAVE_AS_XLSX)


def test_other_packages_and_binaries(session, org):
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    assert refused(session, org, ods.getvalue()) == "文件是OpenDocument表格（.ods），不是Excel工作簿。" + SAVE_AS_XLSX
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(session, org, docx.getvalue()) == "文件是Word文档，不是Excel工作簿；" + USE_TEMPLATE
    xlsb = rezip(good(), add={"xl/workbook.bin": b"\x00" * 16})
    assert refused(session, org, xlsb) == "文件是Excel二进制工作簿（.xlsb），系统无法读取。" + SAVE_AS_XLSX
    assert refused(session, org, b"PK\x03\x04" + os.urandom(200)) == (
        "文件已损坏或不完整，无法打开；请在Excel或WPS中确认文件能正常打开，另存后再导入")
    assert refused(session, org, os.urandom(300).replace(b"\x00", b"\x01") + b"\x00") == (
        "文件不是Excel工作簿（.xlsx），系统按文件内容识别，修改扩展名无效；" + USE_TEMPLATE)


# ---------------------------------------------------------------- limits (configurable)


def test_size_limit_is_checked_first(session, org):
    data = good()
    message = refused(session, org, data, limits=Limits(max_bytes=1000, max_rows=100))
    assert message.startswith("文件大小为") and "超过单个导入文件的上限1000 B" in message
    assert "每个文件不超过100行" in message


def test_row_limit_is_checked_before_reading(session, org):
    data = people_file([person() for _ in range(4)])
    message = refused(session, org, data, limits=Limits(max_bytes=10 * 1024 * 1024, max_rows=3))
    assert message == "工作表“技术人员”的数据超过单次导入上限3行；请把数据分成多个文件分别导入"
    # Exactly at the limit passes.
    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person() for _ in range(3)]),
                                 limits=Limits(max_bytes=10 * 1024 * 1024, max_rows=3))
    assert result.ok, result.message


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FILING_IMPORT_MAX_MB", "2")
    monkeypatch.setenv("FILING_IMPORT_MAX_ROWS", "500")
    get_settings.cache_clear()
    try:
        assert safety.default_limits() == Limits(max_bytes=2 * 1024 * 1024, max_rows=500)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# ---------------------------------------------------------------- hostile files


def test_zip_bomb_by_compression_ratio(session, org):
    bomb = rezip(good(), replace={"xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * (20 * 1024 * 1024) + b"</worksheet>"})
    assert len(bomb) < 200_000
    assert refused(session, org, bomb) == (
        "文件解压后的大小异常（超出合理范围或压缩比异常），疑似恶意构造的文件，已拒绝；请把数据复制到本页下载的模板中再导入")


def test_zip_bomb_by_total_unpacked_size(session, org):
    padding = {f"xl/extra{i}.xml": (b"<a>" + os.urandom(60_000).hex().encode() + b"</a>") for i in range(6)}
    data = rezip(good(), add=padding)
    limits = Limits(max_bytes=10 * 1024 * 1024, max_rows=100, uncompressed=500_000)
    assert refused(session, org, data, limits=limits).startswith("文件解压后的大小异常")


def test_entity_expansion_and_external_entities_are_refused_before_parsing(session, org):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    data = rezip(good(), add={"xl/sharedStrings.xml": laughs})
    assert refused(session, org, data) == MALICIOUS
    sheet = part(good(), "xl/worksheets/sheet1.xml")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + sheet.split(b"?>", 1)[-1]
    assert refused(session, org, rezip(good(), replace={"xl/worksheets/sheet1.xml": xxe})) == MALICIOUS


def test_foreign_xml_encodings_are_refused(session, org):
    sheet = part(good(), "xl/worksheets/sheet1.xml")
    utf16 = sheet.decode("utf-8").encode("utf-16")
    message = "文件内部的XML编码异常，已拒绝；" + SAVE_AS_XLSX
    assert refused(session, org, rezip(good(), replace={"xl/worksheets/sheet1.xml": utf16})) == message
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>' + sheet.split(b"?>", 1)[-1]
    assert refused(session, org, rezip(good(), replace={"xl/worksheets/sheet1.xml": utf7})) == message


def test_a_stray_cell_far_away_is_refused_before_a_reader_allocates_the_grid(session, org):
    def far_right(wb):  # noqa: ANN001, ANN202
        wb["技术人员"]["ZZ2"] = "x"

    assert refused(session, org, people_file([person()], edit=far_right)) == (
        "工作表“技术人员”的内容一直延伸到第ZZ列，超出了导入模板的范围；请删除表格右侧和下方多余的内容（包括空格等看不见的字符）后再导入")

    def far_down(wb):  # noqa: ANN001, ANN202
        wb["技术人员"]["A900000"] = "x"

    assert refused(session, org, people_file([person()], edit=far_down)) == (
        "工作表“技术人员”的内容一直延伸到第900000行，超出了导入模板的范围；请删除表格右侧和下方多余的内容（包括空格等看不见的字符）后再导入")


def test_formatted_but_empty_cells_far_down_are_fine(session, org):
    def format_many(wb):  # noqa: ANN001, ANN202
        ws = wb["技术人员"]
        for row in range(2, 30_000):
            ws.cell(row=row, column=3).number_format = "@"

    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person()], edit=format_many))
    assert result.ok, result.message


# ---------------------------------------------------------------- template marker and headers


def test_a_workbook_that_is_not_the_systems_template(session, org):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "技术人员"
    wb.active.append(["姓名", "证件号码"])
    wb.active.append(["张三", "110108198801011234"])
    out = io.BytesIO()
    wb.save(out)
    assert refused(session, org, out.getvalue()) == f"该文件不是本系统的导入模板（缺少模板标识）。{DOWNLOAD}"


def test_another_lists_template_and_the_other_filing_types_template(session, org):
    assert refused(session, org, workbook("equipment", "monitoring", [device()])) == (
        "该文件是“设施设备”的导入模板，不能在“技术人员”中导入；请到“设施设备”页导入，或在本页重新下载模板")
    assert refused(session, org, people_file([person()], filing_type="om")) == (
        f"该文件是运维机构备案的技术人员模板，当前是监测机构备案，两者的列不同。{DOWNLOAD}")


def test_an_old_template_version(session, org):
    def old(wb):  # noqa: ANN001, ANN202
        wb["下拉选项"]["D1"] = "0"

    assert refused(session, org, people_file([person()], edit=old)) == (
        f"模板版本已更新（文件为第0版，当前为第1版）。{DOWNLOAD}")


def test_missing_and_repeated_columns(session, org):
    def damage(wb):  # noqa: ANN001, ANN202
        ws = wb["技术人员"]
        ws["C1"] = "身份"  # 证件号码 renamed beyond recognition
        ws["P1"] = "学历"  # a second 学历 column

    assert refused(session, org, people_file([person()], edit=damage)) == (
        f"表头有误：“学历”列出现了两次（第E列和第P列），请删除其中一列；缺少必填列：证件号码。{DOWNLOAD}")


def test_headers_are_recognised_without_marks_with_spaces_and_other_spellings(session, org):
    def respell(wb):  # noqa: ANN001, ANN202
        ws = wb["技术人员"]
        ws["A1"] = " 姓 名 "
        ws["C1"] = "身份证号"
        ws["K1"] = "专业技术人员职称"

    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person()], edit=respell))
    assert result.ok, result.message


def test_a_template_with_no_rows_and_an_empty_sheet(session, org):
    assert refused(session, org, people_file([])) == "工作表“技术人员”中没有数据：请在表头下方逐行填写后再导入"

    def clear(wb):  # noqa: ANN001, ANN202
        ws = wb["技术人员"]
        ws.delete_rows(1, ws.max_row)

    assert refused(session, org, people_file([], edit=clear)) == (
        "工作表“技术人员”是空的：请在表头下方从第2行起填写数据后再导入")


def test_checked_workbook_is_repacked_with_only_the_inspected_parts():
    data = rezip(good(), add={"xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"0" * 100})
    checked = safety.check_workbook(data, preferred_sheet="技术人员", lists_sheet="下拉选项")
    with zipfile.ZipFile(io.BytesIO(checked.clean)) as zf:
        names = zf.namelist()
        assert "xl/media/image1.png" not in names and "xl/workbook.xml" in names
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
    assert checked.data_sheet == "技术人员"
    assert checked.sheet("技术人员").valued_rows == 2


def test_cells_written_in_unusual_ways_are_still_bounded():
    import re

    def far(wb):  # noqa: ANN001, ANN202
        wb["技术人员"]["ZZ2"] = "x"

    data = people_file([person()], edit=far)
    sheet = part(data, "xl/worksheets/sheet1.xml")
    # Attributes in another order: the general search still finds the far cell.
    reordered = re.sub(rb'<c r="([A-Z]+[0-9]+)"( [^>]*?)?( t="[a-zA-Z]+")', rb'<c\3\2 r="\1"', sheet)
    assert reordered != sheet and b'<c t="' in reordered
    with pytest.raises(safety.ImportRefused, match="一直延伸到第ZZ列"):
        safety.check_workbook(rezip(data, replace={"xl/worksheets/sheet1.xml": reordered}), preferred_sheet="技术人员")
    # Cells without a reference take the next position: 300 of them in a row exceed the template.
    row = b'<row r="3">' + b"<c><v>1</v></c>" * 300 + b"</row>"
    unreferenced = sheet.replace(b"</sheetData>", row + b"</sheetData>")
    with pytest.raises(safety.ImportRefused, match="超出了导入模板的范围"):
        safety.check_workbook(rezip(data, replace={"xl/worksheets/sheet1.xml": unreferenced}),
                              preferred_sheet="技术人员")
    # Reordered attributes in an ordinary file are fine.
    plain = part(good(), "xl/worksheets/sheet1.xml")
    fine = re.sub(rb'<c r="([A-Z]+[0-9]+)"( [^>]*?)?( t="[a-zA-Z]+")', rb'<c\3\2 r="\1"', plain)
    checked = safety.check_workbook(rezip(good(), replace={"xl/worksheets/sheet1.xml": fine}),
                                    preferred_sheet="技术人员")
    assert checked.sheet("技术人员").valued_rows == 2 and checked.sheet("技术人员").max_col == 15


def test_an_upload_too_large_to_read_is_recorded_with_its_size(session, org):
    limits = safety.default_limits()
    message = safety.too_large_message(limits.max_bytes + 5 * 1024 * 1024, limits)
    result = importer.refuse_upload(session, org.main, "people", "monitoring", message, limits.max_bytes + 5 * 1024 * 1024)
    session.commit()
    assert not result.ok and result.message.startswith("文件大小为15.0 MB，超过单个导入文件的上限10.0 MB")
    audit = last_audit(session, "excel_import")
    assert audit.result == "fail" and audit.detail["size"] == 15 * 1024 * 1024
