using System.Collections.Concurrent;
using CommHub.Core.Attachments;

namespace CommHub.Tests.TestSupport;

/// <summary>Stands in for the job queue where a test runs processing itself.</summary>
public sealed class RecordingAttachmentQueue : IAttachmentQueue
{
    public ConcurrentQueue<int> Enqueued { get; } = new();

    public void Enqueue(int attachmentId) => Enqueued.Enqueue(attachmentId);
}
