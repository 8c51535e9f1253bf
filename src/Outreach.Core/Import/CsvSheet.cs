namespace Outreach.Import;

/// <summary>
/// Reads a CSV file with a header row, reporting every problem with the physical line it starts on.
/// Header names are matched case-insensitively after trimming; a UTF-8 BOM is ignored.
/// </summary>
internal sealed class CsvSheet
{
    private readonly IssueLog _log;
    private readonly Columns _columns;
    private readonly string _kind;

    public CsvSheet(ImportKind kind, IssueLog log)
    {
        _kind = kind.ToWire();
        _columns = Columns.For(kind);
        _log = log;
    }

    /// <summary>
    /// The data rows, each with its own line. Yields nothing when the header is unusable (the reasons are logged
    /// on line 1), and skips rows that are empty or every value of which is empty.
    /// </summary>
    public IEnumerable<CsvRow> Rows(RosterSource source)
    {
        using var records = source.Records(_columns, _log).GetEnumerator();
        if (!records.MoveNext())
        {
            _log.Error(1, null, source.EmptyMessage(_kind, _columns));
            yield break;
        }
        var header = records.Current;
        if (header.Problem is not null)
        {
            _log.Error(header.Line, null, $"the header cannot be read: {header.Problem}");
            yield break;
        }
        var index = ReadHeader(header.Fields, header.Line);
        if (index is null)
        {
            yield break;
        }
        while (records.MoveNext())
        {
            var (line, fields, problem) = records.Current;
            if (problem is not null)
            {
                _log.Error(line, null, problem);
                continue;
            }
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (fields.Length > index.Width && fields.Skip(index.Width).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                _log.Error(line, null, source.TooWideMessage(fields.Length, index.Width));
                continue;
            }
            yield return new CsvRow(line, fields, index.Columns, _columns.Limits, _log);
        }
    }

    private CsvHeader? ReadHeader(string[] header, int line)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var known = _columns.Required.Concat(_columns.Optional).ToArray();
        var ok = true;
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').Trim();
            if (name.Length == 0)
            {
                if (i == header.Length - 1)
                {
                    continue; // a trailing comma, as spreadsheets sometimes write
                }
                _log.Error(line, null, $"column {i + 1} of the header has no name: name it or delete the column");
                ok = false;
                continue;
            }
            if (!index.TryAdd(name, i))
            {
                _log.Error(line, name, $"column '{name}' appears twice in the header: keep one of them");
                ok = false;
                continue;
            }
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                _log.Warning(line, name, $"unknown column '{name}' is ignored: check the spelling if you meant one of {string.Join(", ", known)}");
            }
        }
        foreach (var required in _columns.Required)
        {
            if (!index.ContainsKey(required))
            {
                _log.Error(line, required, $"the header has no '{required}' column: {_kind} {(_log.InSheet ? "sheets" : "files")} need the columns {string.Join(",", _columns.Required)}");
                ok = false;
            }
        }
        return ok ? new CsvHeader(index, header.Length) : null;
    }
}

/// <summary>Problems found so far, in file order.</summary>
internal sealed class IssueLog
{
    public List<ImportIssue> Errors { get; } = [];

    public List<ImportIssue> Warnings { get; } = [];

    /// <summary>Set when the rows come from a worksheet: issues then name rows and cells instead of lines.</summary>
    public bool InSheet { get; set; }

    /// <summary>The column letters of a header column, once a worksheet's header is read.</summary>
    public Func<string, string?>? CellOf { get; set; }

    public void Error(int line, string? column, string message) => Errors.Add(Issue(line, column, message));

    public void Warning(int line, string? column, string message) => Warnings.Add(Issue(line, column, message));

    private ImportIssue Issue(int line, string? column, string message) => new(line, column, message)
    {
        InSheet = InSheet,
        Cell = column is not null && CellOf?.Invoke(column) is { } letters ? letters + line.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    public ImportResult<T> Result<T>(IReadOnlyList<T> rows) =>
        new(Errors.Count == 0 ? rows : [], Errors.OrderBy(e => e.Line).ToArray(), Warnings.OrderBy(w => w.Line).ToArray());
}

internal sealed record CsvHeader(IReadOnlyDictionary<string, int> Columns, int Width);
