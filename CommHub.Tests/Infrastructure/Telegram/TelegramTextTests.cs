using CommHub.Infrastructure.Telegram;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramTextTests
{
    [Fact]
    public void Split_KeepsShortTextWhole_AndCutsLongTextAtWordsNeverMidWord()
    {
        Assert.Equal(["short"], TelegramText.Split("short"));
        var words = string.Join(' ', Enumerable.Repeat("abcdefghi", 1000));

        var pieces = TelegramText.Split(words);

        Assert.All(pieces, p => Assert.True(p.Length <= TelegramText.MaxMessageLength));
        Assert.All(pieces, p => Assert.Matches("^abcdefghi( abcdefghi)*$", p));
        Assert.Equal(words, string.Join(' ', pieces));
    }

    [Fact]
    public void Split_WithoutSpaces_CutsAtTheLimit_ButNeverThroughAnEmoji()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 3000));

        var pieces = TelegramText.Split(text);

        Assert.All(pieces, p => Assert.True(p.Length <= TelegramText.MaxMessageLength));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void ToHtml_IsNullWithoutFormatting_AndNestsOverlappingEntitiesProperly()
    {
        Assert.Null(TelegramText.ToHtml("plain #tag", [new MessageEntity { Type = MessageEntityType.Hashtag, Offset = 6, Length = 4 }]));

        var html = TelegramText.ToHtml("bold both italic", [
            new MessageEntity { Type = MessageEntityType.Bold, Offset = 0, Length = 9 },
            new MessageEntity { Type = MessageEntityType.Italic, Offset = 5, Length = 11 },
        ]);

        Assert.Equal("<b>bold <i>both</i></b><i> italic</i>", html);
    }

    [Fact]
    public void Pacer_SpacesMessagesToOneChat_AndCapsAGroupAtTwentyAMinute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pacer = new TelegramPacer(Options.Create(new TelegramOptions()), clock);

        var long_ = TimeSpan.FromMinutes(5);
        Assert.Equal((TimeSpan.Zero, true), pacer.Reserve("42", isGroup: false, long_));
        Assert.Equal((TimeSpan.FromSeconds(1), true), pacer.Reserve("42", isGroup: false, long_));
        Assert.Equal((TimeSpan.Zero, true), pacer.Reserve("43", isGroup: false, long_));

        var waits = Enumerable.Range(0, 21).Select(_ => pacer.Reserve("-100", isGroup: true, long_).Wait).ToList();
        Assert.Equal(TimeSpan.FromSeconds(19), waits[19]);
        Assert.Equal(TimeSpan.FromMinutes(1), waits[20]);
    }

    [Fact]
    public void Pacer_ASendPutOffForLater_TakesNoSlot_SoTryingAgainDoesNotPushTheNextSlotOut()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pacer = new TelegramPacer(Options.Create(new TelegramOptions()), clock);
        var inline = TimeSpan.FromSeconds(3);
        for (var i = 0; i < 20; i++) pacer.Reserve("-100", isGroup: true, TimeSpan.FromMinutes(5));

        // The 21st message this minute must wait a minute: more than the sender waits inline, so it is put off, ten times.
        var attempts = Enumerable.Range(0, 10).Select(_ => pacer.Reserve("-100", isGroup: true, inline)).ToList();

        Assert.All(attempts, a => Assert.Equal((TimeSpan.FromMinutes(1), false), a));
        clock.Advance(TimeSpan.FromMinutes(1));
        // A minute later the first slots have expired: it goes at once, not behind ten slots it never used.
        Assert.Equal((TimeSpan.FromSeconds(0), true), pacer.Reserve("-100", isGroup: true, inline));
    }

    [Fact]
    public void EntitiesPastTheEndOfTheText_AreIgnored_NotThrown()
    {
        MessageEntity[] entities =
        [
            new() { Type = MessageEntityType.Url, Offset = 2, Length = 40 },
            new() { Type = MessageEntityType.Bold, Offset = 0, Length = 3 },
            new() { Type = MessageEntityType.Hashtag, Offset = 4, Length = 9 },
            new() { Type = MessageEntityType.Url, Offset = int.MaxValue, Length = int.MaxValue },
        ];

        Assert.Equal("<b>sho</b>rt", TelegramText.ToHtml("short", entities));
        Assert.Empty(TelegramText.Hashtags("short", entities));
    }

    [Fact]
    public void ToHtml_KeepsEmojiWhole_NextToAndInsideFormatting()
    {
        // "😀 bold 🎉 link" with the bold and the link touching the emoji: every emoji is two UTF-16 units.
        var text = "😀bold🎉 example.com";
        var html = TelegramText.ToHtml(text, [
            new MessageEntity { Type = MessageEntityType.Bold, Offset = 2, Length = 6 },
            new MessageEntity { Type = MessageEntityType.Url, Offset = 9, Length = 11 },
        ]);

        // Each emoji is one character reference (code points U+1F600 and U+1F389), not two references to half of it.
        Assert.Equal("&#128512;<b>bold&#127881;</b> <a href=\"https://example.com\" rel=\"noopener noreferrer\" target=\"_blank\">example.com</a>", html);
        Assert.DoesNotContain("\uFFFD", System.Net.WebUtility.HtmlDecode(html));
    }

    [Theory]
    [InlineData("/start", "/start")]
    [InlineData("/START@acme_bot hello", "/start")]
    [InlineData("/end", "/end")]
    [InlineData("/started", "/started")]
    [InlineData("hello /start", null)]
    [InlineData("/", null)]
    public void Command_IsReadFromTheLeadingWord_EvenWithoutABotCommandEntity(string text, string? command) =>
        Assert.Equal(command, TelegramText.Command(text, null));
}
