using CommHub.Core.Common;

namespace CommHub.Core.Contacts;

public class Contact : IAuditable
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Notes { get; set; }
    public List<ContactIdentity> Identities { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum IdentityKind
{
    /// <summary>A CommHub user account (customer portal or crew portal); the value is the user id.</summary>
    PortalUser = 0,
    /// <summary>A Telegram user id.</summary>
    Telegram = 1,
    /// <summary>A lower-cased email address.</summary>
    Email = 2,
}

/// <summary>How a contact is known on one channel kind; a contact may have several.</summary>
public class ContactIdentity
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public IdentityKind Kind { get; set; }
    public string Value { get; set; } = "";

    /// <summary>Human-readable handle where the channel has one (Telegram @username).</summary>
    public string? DisplayHandle { get; set; }
}
