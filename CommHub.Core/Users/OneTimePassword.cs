using System.Security.Cryptography;

namespace CommHub.Core.Users;

/// <summary>A password an admin hands over once: 20 random characters (about 100 bits) in groups, without look-alikes.</summary>
public static class OneTimePassword
{
    // No 0/O, 1/l/I: it is read off a screen and typed.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New()
    {
        Span<char> chars = stackalloc char[20];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return string.Join('-', chars.ToString().Chunk(5).Select(c => new string(c)));
    }
}
