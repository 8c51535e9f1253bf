using System.Text;

namespace Outreach.Import;

/// <summary>One CSV record and the physical line it starts on; <paramref name="Problem"/> is set when its quoting is broken.</summary>
public sealed record CsvRecord(int Line, string[] Fields, string? Problem);

/// <summary>
/// An RFC 4180 reader (comma, double quotes, "" inside quotes, CRLF/LF/CR) that keeps the physical line each
/// record starts on and carries on past a badly quoted record so that every bad row can be reported.
/// </summary>
/// <remarks>
/// CsvHelper 34's span-based reader reports neither physical lines nor a recoverable per-record quoting
/// error, which the bad-input rules need; roster files are small, so this straightforward reader is clearer. The
/// adapters read the approved SMS templates file (<c>sms-templates.csv</c>) with it too.
/// </remarks>
public static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var text = reader.ReadToEnd();
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            string? problem = null;
            var atFieldStart = true;
            var quoted = false;
            var inQuotes = false;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position++];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            field.Append('"');
                            position++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        if (c == '\n' || (c == '\r' && (position == text.Length || text[position] != '\n')))
                        {
                            line++;
                        }
                        field.Append(c);
                    }
                    continue;
                }
                switch (c)
                {
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        atFieldStart = true;
                        quoted = false;
                        continue;
                    case '\r' or '\n':
                        if (c == '\r' && position < text.Length && text[position] == '\n')
                        {
                            position++;
                        }
                        line++;
                        endOfRecord = true;
                        continue;
                    case '"' when atFieldStart:
                        quoted = inQuotes = true;
                        atFieldStart = false;
                        continue;
                    case '"':
                        problem ??= "a quote appears inside a value that does not start with one: wrap the whole value in double quotes and double each quote inside it (\"\")";
                        break;
                    default:
                        if (quoted && !char.IsWhiteSpace(c))
                        {
                            problem ??= "text follows a closing quote: wrap the whole value in double quotes and double each quote inside it (\"\")";
                        }
                        break;
                }
                atFieldStart = false;
                field.Append(c);
            }
            if (inQuotes)
            {
                problem = "a quoted value is never closed, so the rest of the file was read as part of it: add the missing closing quote";
            }
            fields.Add(field.ToString());
            if (fields.Count == 1 && fields[0].Length == 0 && problem is null)
            {
                continue; // a blank line
            }
            yield return new CsvRecord(start, fields.ToArray(), problem);
        }
    }
}
