namespace CommHub.Core.Conversations;

/// <summary>Label names: lower-case letters, digits, '-' and '_', up to 64; a leading '#' is dropped.</summary>
public static class LabelRules
{
    public const int MaxLength = 64;
    public const string Error = "Labels are 1 to 64 letters, digits, '-' or '_'.";

    public static string? Normalize(string? raw)
    {
        var name = (raw ?? "").Trim().TrimStart('#').ToLowerInvariant();
        return name.Length is > 0 and <= MaxLength && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') ? name : null;
    }
}
