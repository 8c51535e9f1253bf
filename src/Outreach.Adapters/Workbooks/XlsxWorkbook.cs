using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Outreach.Import;

namespace Outreach.Adapters.Workbooks;

/// <summary>
/// An .xlsx workbook opened for reading. Sheets are streamed row by row with an <see cref="XmlReader"/> over the
/// part, so memory holds one row, the shared strings and the styles, never the sheet: a 1,000,000-row sheet reads in
/// bounded memory. Cells come as Excel stores them: shared or inline text, numbers, dates (a number whose style
/// has a date format), booleans, formulas and error values (<see cref="SheetCell"/>).
/// </summary>
public sealed class XlsxWorkbook : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private readonly SpreadsheetDocument _document;
    private readonly List<(string Name, string PartId)> _sheets;
    private readonly string _path;
    private List<string>? _sharedStrings;
    private bool[]? _dateStyles;

    private XlsxWorkbook(SpreadsheetDocument document, string path)
    {
        _document = document;
        _path = path;
        _sheets = document.WorkbookPart?.Workbook?.Sheets?.Elements<Sheet>()
            .Select(s => (s.Name?.Value ?? "", s.Id?.Value ?? ""))
            .ToList() ?? [];
    }

    /// <summary>Opens <paramref name="path"/>; a file that is not an .xlsx workbook is <see cref="BadInputException"/> saying how to save one.</summary>
    public static XlsxWorkbook Open(string path, string shownAs)
    {
        try
        {
            var document = SpreadsheetDocument.Open(path, isEditable: false, new OpenSettings { AutoSave = false });
            if (document.WorkbookPart?.Workbook is null)
            {
                document.Dispose();
                throw NotAWorkbook(shownAs);
            }
            return new XlsxWorkbook(document, shownAs);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or ArgumentException or InvalidOperationException)
        {
            throw NotAWorkbook(shownAs);
        }
    }

    private static BadInputException NotAWorkbook(string path) =>
        new($"{path} is not an Excel workbook (.xlsx): save it from Excel or WPS as 'Excel 工作簿 (*.xlsx)' (not .xls or .et), or give a UTF-8 CSV file.");

    /// <summary>The sheets' names, in workbook order.</summary>
    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    /// <summary>The rows of <paramref name="sheet"/> that have a cell, in order, each with its row number.</summary>
    public IEnumerable<SheetRow> Rows(string sheet)
    {
        var partId = _sheets.First(s => s.Name == sheet).PartId;
        if (_document.WorkbookPart!.GetPartById(partId) is not WorksheetPart part)
        {
            throw new BadInputException($"{_path}: sheet '{sheet}' is a chart or dialog sheet, not a table: copy its rows into a worksheet.");
        }
        _sharedStrings ??= ReadSharedStrings();
        _dateStyles ??= ReadDateStyles();
        return ReadRows(part, _sharedStrings, _dateStyles, _path, sheet);
    }

    private static IEnumerable<SheetRow> ReadRows(WorksheetPart part, List<string> shared, bool[] dateStyles, string path, string sheet)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit });
        var cells = new List<SheetCell>();
        var lastRow = 0;
        while (Read(xml, path, sheet))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row" || xml.NamespaceURI != Main)
            {
                continue;
            }
            var number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : lastRow + 1;
            lastRow = number;
            cells.Clear();
            if (!xml.IsEmptyElement)
            {
                ReadCells(xml, cells, shared, dateStyles, path, sheet);
            }
            while (cells.Count > 0 && cells[^1].Kind == SheetCellKind.Empty)
            {
                cells.RemoveAt(cells.Count - 1);
            }
            if (cells.Count > 0)
            {
                yield return new SheetRow(number, cells.ToArray());
            }
        }
    }

    private static bool Read(XmlReader xml, string path, string sheet)
    {
        try
        {
            return xml.Read();
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            throw new BadInputException($"{path}: sheet '{sheet}' cannot be read ({e.Message}): open the workbook in Excel or WPS and save it again.");
        }
    }

    /// <summary>The <c>c</c> elements of the current <c>row</c>, placed by their reference (a row may skip empty cells).</summary>
    private static void ReadCells(XmlReader xml, List<SheetCell> cells, List<string> shared, bool[] dateStyles, string path, string sheet)
    {
        var depth = xml.Depth;
        while (Read(xml, path, sheet) && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
            {
                continue;
            }
            var reference = xml.GetAttribute("r");
            var column = reference is null ? cells.Count : SheetColumns.Index(reference);
            if (column < 0)
            {
                column = cells.Count;
            }
            var type = xml.GetAttribute("t");
            var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            string? value = null;
            string? formula = null;
            string? inline = null;
            if (!xml.IsEmptyElement)
            {
                var cellDepth = xml.Depth;
                Read(xml, path, sheet);
                while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == cellDepth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.Depth == cellDepth + 1)
                    {
                        switch (xml.LocalName)
                        {
                            case "v":
                                value = xml.ReadElementContentAsString(); // moves past </v>
                                continue;
                            case "f":
                                formula = xml.ReadElementContentAsString();
                                continue;
                            case "is":
                                inline = ReadRichText(xml); // ends on </is>
                                break;
                        }
                    }
                    if (!Read(xml, path, sheet))
                    {
                        break;
                    }
                }
            }
            while (cells.Count <= column)
            {
                cells.Add(SheetCell.Empty);
            }
            cells[column] = Cell(type, style, value, formula, inline, shared, dateStyles);
        }
    }

    private static SheetCell Cell(string? type, int style, string? value, string? formula, string? inline, List<string> shared, bool[] dateStyles)
    {
        if (formula is not null)
        {
            return new SheetCell(SheetCellKind.Formula, formula);
        }
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? SheetCell.OfText(shared[i]) : SheetCell.Empty;
            case "inlineStr":
                return inline is null ? SheetCell.Empty : SheetCell.OfText(inline);
            case "str":
                return value is null ? SheetCell.Empty : SheetCell.OfText(value);
            case "b":
                return new SheetCell(SheetCellKind.Boolean, Number: value == "1" ? 1 : 0);
            case "e":
                return new SheetCell(SheetCellKind.Error, value);
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? SheetCell.OfDate(date) : SheetCell.OfText(value ?? "");
        }
        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value is null ? SheetCell.Empty : SheetCell.OfText(value);
        }
        if (style < dateStyles.Length && dateStyles[style] && number is > -657435 and < 2958466)
        {
            return SheetCell.OfDate(DateTime.FromOADate(number));
        }
        return SheetCell.OfNumber(number);
    }

    /// <summary>
    /// The text of an <c>si</c> or <c>is</c> element: its <c>t</c> runs, without phonetic (<c>rPh</c>) guides. Leaves
    /// the reader on the element's end (or on the element, when empty).
    /// </summary>
    private static string ReadRichText(XmlReader xml)
    {
        var text = new System.Text.StringBuilder();
        using var subtree = xml.ReadSubtree();
        var inText = false;
        var phoneticDepth = -1;
        while (subtree.Read())
        {
            switch (subtree.NodeType)
            {
                case XmlNodeType.Element when subtree.LocalName == "rPh" && !subtree.IsEmptyElement:
                    phoneticDepth = subtree.Depth;
                    break;
                case XmlNodeType.EndElement when subtree.LocalName == "rPh" && subtree.Depth == phoneticDepth:
                    phoneticDepth = -1;
                    break;
                case XmlNodeType.Element when subtree.LocalName == "t":
                    inText = !subtree.IsEmptyElement;
                    break;
                case XmlNodeType.EndElement when subtree.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inText && phoneticDepth < 0:
                    text.Append(subtree.Value);
                    break;
            }
        }
        return text.ToString();
    }

    private List<string> ReadSharedStrings()
    {
        var strings = new List<string>();
        if (_document.WorkbookPart!.SharedStringTablePart is not { } part)
        {
            return strings;
        }
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (Read(xml, _path, "sharedStrings"))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(ReadRichText(xml));
            }
        }
        return strings;
    }

    /// <summary>Which cell styles (<c>cellXfs</c> indices) format numbers as dates.</summary>
    private bool[] ReadDateStyles()
    {
        var stylesheet = _document.WorkbookPart!.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return [];
        }
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        return stylesheet.CellFormats.Elements<CellFormat>()
            .Select(f => f.NumberFormatId?.Value is { } id && (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDate(id)))
            .ToArray();
    }

    /// <summary>Built-in date formats: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the East Asian locales (yyyy年m月d日 …).</summary>
    private static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A custom format is a date when it has y, m, d, h or s outside quotes, brackets and escapes.</summary>
    internal static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && "yYmMdDhHsS".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
            else if (c == ';')
            {
                return false; // only the first (positive) section decides
            }
        }
        return false;
    }

    public void Dispose() => _document.Dispose();
}
