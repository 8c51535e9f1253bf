using System.Text.Json;
using System.Text.Unicode;
using Outreach.Outcomes;

namespace Outreach.Functions.Http;

/// <summary>
/// A JSON object body read field by field, so that every missing or wrongly typed field is named in one 400.
/// </summary>
public sealed class JsonBody
{
    private readonly Dictionary<string, JsonElement> _fields;
    private readonly string _path;

    private JsonBody(Dictionary<string, JsonElement> fields, JsonBody? parent = null, string path = "")
    {
        _fields = fields;
        _path = path;
        Errors = parent?.Errors ?? [];
    }

    /// <summary>Every bad field so far, of this body and of the objects read from it.</summary>
    public List<FieldError> Errors { get; }

    /// <summary>The body, or null with <paramref name="error"/> when it is not a JSON object. An empty body is an empty object.</summary>
    public static JsonBody? Parse(byte[] body, string expected, out FieldError? error)
    {
        error = null;
        if (body.Length == 0)
        {
            return new JsonBody([]);
        }
        // The parser checks the structure, not the text inside strings, which would fail only when a field is read.
        if (!Utf8.IsValid(body))
        {
            error = new FieldError("body", $"The body is not UTF-8 text: send {expected} encoded as UTF-8.");
            return null;
        }
        try
        {
            // A field given twice would be read as one or the other; refused here, as the reader cannot choose.
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = new FieldError("body", $"The body must be a JSON object: {expected}.");
                return null;
            }
            return new JsonBody(document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal));
        }
        catch (JsonException e)
        {
            error = new FieldError("body", $"The body is not valid JSON ({e.Message}): send {expected}.");
            return null;
        }
        catch (InvalidOperationException e)
        {
            // A field name escaping half of a surrogate pair (\ud800) is no text.
            error = new FieldError("body", $"The body is not valid JSON ({e.Message}): send {expected}.");
            return null;
        }
    }

    /// <summary>
    /// An array of objects, each read as a body of its own whose errors are named <c>name[i].field</c>; empty
    /// when absent or null, and an error when it is not an array of objects.
    /// </summary>
    public IReadOnlyList<JsonBody> Objects(string name, string expected)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(new FieldError(name, $"{name} must be an array of {expected}."));
            return [];
        }
        var items = new List<JsonBody>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = $"{name}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(new FieldError(at, $"{at} must be an object: {expected}."));
                continue;
            }
            items.Add(new JsonBody(item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal), this, at));
        }
        return items;
    }

    /// <summary>A string field; null when absent or null, and an error when it is another type.</summary>
    public string? Text(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(new FieldError(Path(name), $"{Path(name)} must be a string."));
            return null;
        }
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped half of a surrogate pair (\ud800) is no text.
            Errors.Add(new FieldError(Path(name), $"{Path(name)} must be text: it holds an unpaired surrogate escape."));
            return null;
        }
    }

    /// <summary>A whole-number field; null when absent or null, and an error when it is not a 32-bit integer.</summary>
    public int? WholeNumber(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Errors.Add(new FieldError(Path(name), $"{Path(name)} must be a whole number."));
            return null;
        }
        return number;
    }

    /// <summary>Records that a required field is missing (unless a type error already named it).</summary>
    public void Require(string name, object? value, string hint)
    {
        if (value is null && Errors.All(e => e.Field != name))
        {
            Errors.Add(new FieldError(name, $"{name} is required: {hint}."));
        }
    }

    private string Path(string name) => _path.Length == 0 ? name : $"{_path}.{name}";
}
