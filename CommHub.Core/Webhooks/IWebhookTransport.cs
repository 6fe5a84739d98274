namespace CommHub.Core.Webhooks;

/// <summary>The answer to one delivery attempt: the status (null when there was none), how long it took, and what it said.</summary>
public sealed record WebhookAttempt(int? StatusCode, TimeSpan Duration, string Response)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>Port: posts a signed body to a receiver (HTTP in Infrastructure, refusing addresses it must not reach).</summary>
public interface IWebhookTransport
{
    /// <summary>Whether the address may be used at all (scheme, host); the sender checks every resolved address again.</summary>
    Task<string?> CheckUrlAsync(string url, CancellationToken cancellationToken);

    Task<WebhookAttempt> PostAsync(string url, IReadOnlyDictionary<string, string> headers, string body, CancellationToken cancellationToken);
}
