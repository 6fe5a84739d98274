using CommHub.Core.Attachments;
using CommHub.Core.Conversations;

namespace CommHub.Core.Ingest;

/// <summary>
/// A message's files: fetched from the channel and checked before the transaction (which then only writes rows); a file
/// that cannot be brought in leaves the message saying so.
/// </summary>
internal static class IngestFiles
{
    public static async Task<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> StageAsync(
        AttachmentService attachments, InboundMessage inbound, CancellationToken cancellationToken)
    {
        var staged = new List<StagedFile>(inbound.StagedFiles ?? []);
        var unavailable = new List<InboundFile>();
        foreach (var file in inbound.Files ?? [])
        {
            if (file.Open is null)
            {
                unavailable.Add(file);
                continue;
            }
            Stream content;
            try
            {
                content = await file.Open(cancellationToken);
            }
            catch (InboundFileUnavailableException ex)
            {
                unavailable.Add(file with { Unavailable = ex.Message });
                continue;
            }
            await using var _ = content;
            var result = await attachments.StageAsync(content, file.FileName, file.Size ?? 0, cancellationToken);
            if (result.Succeeded) staged.Add(result.Value! with { ContentId = file.ContentId });
            else unavailable.Add(file with { Unavailable = result.ErrorText });
        }
        return (staged, unavailable);
    }

    /// <summary>The staged files on the message, and for each file that could not be brought in, a row that says why.</summary>
    public static void AddTo(Message message, IReadOnlyList<StagedFile> staged, IReadOnlyList<InboundFile> unavailable)
    {
        AttachmentService.AddTo(message, staged);
        foreach (var file in unavailable)
        {
            // The message is kept, and says what could not be brought in.
            message.Attachments.Add(new Attachment
            {
                FileName = file.FileName,
                Size = file.Size ?? 0,
                State = AttachmentState.Unavailable,
                Error = file.Unavailable,
                CreatedAt = message.CreatedAt,
            });
        }
    }
}
