using CommHub.Core.Common;

namespace CommHub.Core.Channels;

/// <summary>What the admin enters in "Add Gmail"; without a client id and secret the configured client is used.</summary>
public sealed record GmailChannelDraft(
    string Name,
    string? ClientId,
    string? ClientSecret,
    string? Signature,
    bool SubjectThreading = true,
    int SubjectThreadingDays = 7);

/// <summary>
/// Adding a Gmail mailbox (before it is connected with Google), its settings, and checking that a connected one still
/// answers: the use cases of the channels page, behind a port; the Gmail connector implements it in Infrastructure. The
/// OAuth round trip itself is an HTTP adapter (Web's Gmail endpoints).
/// </summary>
public interface IGmailChannelAdmin
{
    /// <summary>Whether the app has a Google OAuth client configured, so a mailbox can be added without its own.</summary>
    bool HasConfiguredClient { get; }

    /// <summary>The configured OAuth redirect address, when the app's own address is not the one Google knows.</summary>
    string? ConfiguredRedirectUri { get; }

    /// <summary>Stores the mailbox as not connected yet; "Connect with Google" then runs for it.</summary>
    Task<OperationResult<int>> CreateAsync(GmailChannelDraft draft, string? actingUserId, CancellationToken cancellationToken = default);

    /// <summary>What is wrong with a draft, each a sentence to show; none when it can be saved.</summary>
    IEnumerable<string> Problems(GmailChannelDraft draft);

    Task<GmailChannelSettings?> GetSettingsAsync(int channelId, CancellationToken cancellationToken = default);

    /// <summary>Signature and subject threading of a mailbox; what Google told (its address) stays.</summary>
    Task<OperationResult> UpdateSettingsAsync(
        int channelId, string? signature, bool subjectThreading, int subjectThreadingDays, CancellationToken cancellationToken = default);

    /// <summary>"Test connection": the mailbox's address with the stored grant, or exactly what went wrong.</summary>
    Task<OperationResult<string>> TestAsync(int channelId, CancellationToken cancellationToken = default);
}
