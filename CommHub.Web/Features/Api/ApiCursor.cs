using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CommHub.Web.Features.Api;

/// <summary>
/// An opaque page position: base64url of "time-ticks:id" (the keyset of the last row sent). Clients pass back the
/// <c>next</c> they were given and never read it.
/// </summary>
public static class ApiCursor
{
    public const string Invalid = "The cursor is not one this API gave out; pass back the 'next' value of the previous page unchanged.";

    public static string Encode(DateTime at, long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.Ticks}:{id}")));

    public static bool TryDecode(string? cursor, out (DateTime At, long Id)? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                position = (new DateTime(ticks, DateTimeKind.Utc), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}

/// <summary>One page of a list: the items and the cursor of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? Next);
