namespace CommHub.Core.Retention;

/// <summary>What one deletion removed: messages, their files (attachments), and conversations left empty.</summary>
public sealed record DeletedCounts(int Messages, int Files, int Conversations)
{
    public static readonly DeletedCounts None = new(0, 0, 0);

    public DeletedCounts Add(DeletedCounts other) =>
        new(Messages + other.Messages, Files + other.Files, Conversations + other.Conversations);
}
