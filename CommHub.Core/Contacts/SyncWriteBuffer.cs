namespace CommHub.Core.Contacts;

/// <summary>
/// Sits between a <see cref="System.IO.Compression.ZipArchive"/> and a response body that allows only asynchronous writes:
/// the archive's compressor still writes its last bytes synchronously when an entry closes, so those are held here and
/// sent with the next asynchronous write or flush. What it holds is at most that tail, never a whole file.
/// </summary>
internal sealed class SyncWriteBuffer(Stream inner) : Stream
{
    private readonly MemoryStream pending = new();
    private long position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        pending.Write(buffer, offset, count);
        position += count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPendingAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPendingAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (pending.Length == 0) return;
        await inner.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken);
        pending.SetLength(0);
    }

    public override void Flush()
    {
        // Sent by the next asynchronous write or FlushAsync.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
