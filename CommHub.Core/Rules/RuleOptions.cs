using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Rules;

public sealed class RuleOptions
{
    public const string Section = "CommHub:Rules";

    /// <summary>How long one regular expression may run on one message before it counts as no match.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Display name of messages the rules send.</summary>
    [Required]
    public string BotName { get; set; } = "CommHub bot";
}
