using System.Net.Mail;

namespace CommHub.Core.Conversations;

/// <summary>Cc and Bcc of an email reply: who else gets it.</summary>
public sealed record EmailCopies(string? Cc, string? Bcc)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Cc) && string.IsNullOrWhiteSpace(Bcc);
}

/// <summary>Address lists as an agent types them: separated by commas or semicolons, each a plain address or "Name &lt;address&gt;".</summary>
public static class EmailAddresses
{
    public const int MaxListLength = 2000;
    public const int MaxAddresses = 50;

    /// <summary>The addresses, normalised to "a@x.example, b@y.example" (null when there are none), or the first problem.</summary>
    public static (string? Normalised, string? Error) Parse(string? list, string field)
    {
        if (string.IsNullOrWhiteSpace(list)) return (null, null);
        var parts = list.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > MaxAddresses) return (null, $"{field} can hold at most {MaxAddresses} addresses.");
        var addresses = new List<string>();
        foreach (var part in parts)
        {
            if (!MailAddress.TryCreate(part, out var address) || !address.Host.Contains('.', StringComparison.Ordinal))
                return (null, $"“{part}” in {field} is not an email address (like name@example.com).");
            addresses.Add(address.Address);
        }
        var joined = string.Join(", ", addresses.Distinct(StringComparer.OrdinalIgnoreCase));
        return joined.Length > MaxListLength ? (null, $"{field} is too long.") : (joined, null);
    }
}
