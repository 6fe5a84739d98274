namespace CommHub.Core.Attachments;

/// <summary>
/// Reads the already-read head of an upload, then the rest of it, and stops with
/// <see cref="FileTooLargeException"/> the moment more than the limit has come through,
/// whatever size the client declared.
/// </summary>
internal sealed class LimitedStream(ReadOnlyMemory<byte> head, Stream rest, long limit) : Stream
{
    private int headPosition;
    private long total;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (headPosition < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - headPosition);
            head.Span.Slice(headPosition, read).CopyTo(buffer.Span);
            headPosition += read;
        }
        else
        {
            read = await rest.ReadAsync(buffer, cancellationToken);
        }
        total += read;
        if (total > limit) throw new FileTooLargeException();
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal sealed class FileTooLargeException() : IOException("The file is larger than allowed.");
