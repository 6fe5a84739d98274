using CommHub.Core.Attachments;
using CommHub.Core.Conversations;

namespace CommHub.Web.Features.Conversations;

/// <summary>What the composer sends: the text, whether it is a private note, the uploaded files, and for email Cc and Bcc.</summary>
public sealed record ComposerMessage(string Text, bool PrivateNote, IReadOnlyList<StagedFile> Files, EmailCopies? Copies = null);

/// <summary>One file being uploaded in the composer, with its own progress and its own error.</summary>
public sealed class UploadItem(string name, long size)
{
    public string Name { get; } = name;
    public long Size { get; } = size;
    public double Progress { get; set; }
    public string? Error { get; set; }
    public StagedFile? Staged { get; set; }
    public bool Uploading => Staged is null && Error is null;
}

/// <summary>Unsent text as the browser keeps it (JSON written by <c>keepDraft</c>); anything unreadable there is no draft.</summary>
public sealed record ComposerDraft(string Text, bool PrivateNote)
{
    public static ComposerDraft? Read(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ComposerDraft>(stored) is { Text.Length: > 0 } draft
                ? draft with { Text = draft.Text.Length > MessageRules.MaxLength ? draft.Text[..MessageRules.MaxLength] : draft.Text }
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
