using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace CommHub.Core.Users;

/// <summary>The first Admin account (section <c>CommHub:Bootstrap</c>); empty values mean "use the default".</summary>
public sealed class BootstrapOptions : IValidatableObject
{
    public const string Section = "CommHub:Bootstrap";
    public const string DefaultAdminEmail = "admin@commhub.local";

    public string? AdminEmail { get; set; }

    /// <summary>When empty, a password is generated and printed once to the console.</summary>
    public string? AdminPassword { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdminEmail) && !MailAddress.TryCreate(AdminEmail.Trim(), out _))
            yield return new ValidationResult($"CommHub:Bootstrap:AdminEmail '{AdminEmail}' is not an email address.", [nameof(AdminEmail)]);
        if (!string.IsNullOrEmpty(AdminPassword) && AdminPassword.Length is < PasswordMaxLengthValidator.MinLength or > PasswordMaxLengthValidator.MaxLength)
            yield return new ValidationResult(
                $"CommHub:Bootstrap:AdminPassword must be {PasswordMaxLengthValidator.MinLength} to {PasswordMaxLengthValidator.MaxLength} characters.",
                [nameof(AdminPassword)]);
    }
}
