namespace CommHub.Core.Conversations;

/// <summary>What a typed message (reply, note, portal message) must be.</summary>
public static class MessageRules
{
    public const int MaxLength = 10_000;
    public const int MaxSubjectLength = 200;

    /// <returns>A sentence saying what is wrong, or null when the text may be sent.</returns>
    public static string? Validate(string? text, bool hasAttachments = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return hasAttachments ? null : "Write a message first.";
        if (text.Length > MaxLength) return $"Messages can be at most {MaxLength:N0} characters; this one has {text.Length:N0}.";
        return null;
    }

    public static string? ValidateSubject(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject)) return "Give your request a subject.";
        if (subject.Trim().Length > MaxSubjectLength) return $"Subjects can be at most {MaxSubjectLength} characters.";
        return null;
    }
}
