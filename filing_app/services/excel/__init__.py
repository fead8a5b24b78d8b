"""Excel templates, imports and exports of the 技术人员 and 设施设备 lists.

The only place that reads or writes workbooks. Modules:

    schema          sheet layouts built from domain/records.py (columns, drop-downs, notes, version marker)
    safety          checks of an uploaded file before anything parses it (type, size, zip bombs, XML entities)
    reader          reads the checked workbook with python-calamine into rows of raw cell values
    people_import   validation and the set-based, all-or-nothing write of people
    equipment_import the same for equipment
    importer        the import use case: safety -> read -> validate -> write -> audit
    templates       the template / export workbook writer (openpyxl, write-only)
    export          the export use case (filtered list, masked or full identity numbers, audited)
    errors_report   the uploaded file back with an 错误说明 column and the bad cells highlighted
    jobs            a private scratch store for an import in progress (upload, errors, report)
"""
