using CommHub.Core.Attachments;

namespace CommHub.Web.Features.Conversations;

/// <summary>What the composer sends: the text, whether it is a private note, and the uploaded files.</summary>
public sealed record ComposerMessage(string Text, bool PrivateNote, IReadOnlyList<StagedFile> Files);

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
