using CommHub.Core.Contacts;
using CommHub.Core.Conversations;

namespace CommHub.Web.Features.Contacts;

public static class ContactText
{
    /// <summary>An identity in words: "Telegram @handle", "Email a@b.example", "Customer portal account".</summary>
    public static string Describe(ContactIdentityView identity) => identity.Kind switch
    {
        IdentityKind.Telegram => $"Telegram {identity.DisplayHandle ?? identity.Value}",
        IdentityKind.Email => $"Email {identity.Value}",
        _ => "Customer portal account",
    };
}
