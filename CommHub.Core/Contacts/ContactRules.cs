using System.Net.Mail;

namespace CommHub.Core.Contacts;

/// <summary>What a contact's details may hold, with the sentence shown when they do not (limits are the columns').</summary>
public static class ContactRules
{
    public const int MaxName = 200;
    public const int MaxEmail = 320;
    public const int MaxPhone = 50;
    public const int MaxNotes = 4000;

    public static string? Validate(ContactEdit edit)
    {
        var name = edit.Name?.Trim() ?? "";
        if (name.Length == 0) return "Enter the contact's name.";
        if (name.Length > MaxName) return $"The name can be at most {MaxName} characters.";
        if (Blank(edit.Email) is { } email
            && (email.Length > MaxEmail || !MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.')))
            return $"“{email}” is not an e-mail address (like name@example.com).";
        if (Blank(edit.Phone) is { } phone)
        {
            if (phone.Length > MaxPhone) return $"The phone number can be at most {MaxPhone} characters.";
            if (phone.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '+' or '-' or '(' or ')' or '.' or '/')) || phone.Count(char.IsAsciiDigit) < 5)
                return "Enter the phone number with digits (at least 5), and if you like +, spaces, dashes or brackets.";
        }
        if ((edit.Notes?.Length ?? 0) > MaxNotes) return $"Notes can be at most {MaxNotes} characters.";
        return null;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
