namespace Outreach;

/// <summary>
/// Input the caller can fix (an unknown id, a malformed value): the CLI exits 1 with the message, HTTP
/// answers 400. The message names the field and the fix.
/// </summary>
public sealed class BadInputException(string message) : Exception(message);
