namespace CommHub.Core.Channels;

/// <summary>Port for encrypting channel secrets at rest (ASP.NET Data Protection in production).</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring no longer holds the key.</exception>
    string Unprotect(string protectedText);
}
