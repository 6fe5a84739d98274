using System.Globalization;

namespace CommHub.Core.Common;

/// <summary>One field of a CSV download (the audit log, analytics charts).</summary>
public static class CsvField
{
    /// <summary>
    /// Quoted when it holds a comma, quote or line break; a leading =, +, -, @, tab or carriage return is defused with an
    /// apostrophe so a spreadsheet never runs the field as a formula (a plain number such as -5 is left as it is).
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
