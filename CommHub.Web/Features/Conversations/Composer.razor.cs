using CommHub.Web.Components.Shared;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Web.RateLimits;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace CommHub.Web.Features.Conversations;

/// <summary>Writes a message: text, optional private-note mode, and files (button, drop or paste), each uploaded on its own.</summary>
public partial class Composer : IAsyncDisposable
{
    private MudTextField<string> field = default!;
    private CommHub.Web.Features.Templates.TemplatePicker? picker;
    private ElementReference zone;
    private InputFile? input;
    private UiScript? script;
    private readonly List<UploadItem> uploads = [];
    private string text = "";
    private string? error;
    private bool privateNote;
    private bool sending;
    private bool sendOriginal;
    private bool showCopies;
    private string? cc;
    private string? bcc;
    private string? ccError;
    private string? bccError;
    private DateTime lastTypingSignal;

    [Inject] private AttachmentService Attachments { get; set; } = default!;
    [Inject] private IOptions<AttachmentOptions> AttachmentOptions { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<Composer> Logger { get; set; } = default!;
    [Inject] private UploadLimiter UploadLimiter { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    public const string SendFailed = "Your message could not be sent because of a problem on our side. It is still here; try again in a moment.";

    [Parameter]
    public bool AllowPrivateNote { get; set; }

    [Parameter]
    public bool Disabled { get; set; }

    [Parameter]
    public string Placeholder { get; set; } = "Write a reply";

    /// <summary>An email conversation: the reply can have Cc and Bcc.</summary>
    [Parameter]
    public bool EmailFields { get; set; }

    /// <summary>Set by staff views only: typing '/' then offers the templates for this conversation.</summary>
    [Parameter]
    public int? TemplatesForConversationId { get; set; }

    /// <summary>Staff composers with a photo attached offer "send original"; otherwise photos leave as their cleaned copy.</summary>
    private bool OffersSendOriginal => AllowPrivateNote && !privateNote
        && uploads.Any(u => u.Staged is { } staged && FileTypes.FromContentType(staged.ContentType).IsRasterImage);

    private string? TemplateQuery => text.StartsWith('/') && !text.Contains('\n') ? text[1..] : null;

    /// <summary>Staff who can be mentioned: typing "@" in a private note offers them.</summary>
    [Parameter]
    public IReadOnlyList<AgentOption> MentionCandidates { get; set; } = [];

    private int mentionSelected;

    /// <summary>Where the "@" being typed starts, and the staff whose names begin with what follows it; null when none is being typed.</summary>
    private (int At, IReadOnlyList<AgentOption> Choices)? Mentioning
    {
        get
        {
            if (!privateNote || MentionCandidates.Count == 0) return null;
            var at = text.LastIndexOf('@');
            if (at < 0 || (at > 0 && !char.IsWhiteSpace(text[at - 1]))) return null;
            var typed = text[(at + 1)..];
            if (typed.Length > 60 || typed.Contains('\n')) return null;
            var choices = MentionCandidates.Where(c => c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && !c.Name.Equals(typed, StringComparison.OrdinalIgnoreCase))
                .Take(8).ToList();
            return choices.Count == 0 ? null : (at, choices);
        }
    }

    private void InsertMention(AgentOption person)
    {
        if (Mentioning is not { } mentioning) return;
        text = text[..mentioning.At] + "@" + person.Name + " ";
        mentionSelected = 0;
    }

    private void InsertTemplate(string rendered)
    {
        text = rendered;
        error = text.Length > MessageRules.MaxLength ? MessageRules.Validate(text) : null;
    }

    /// <summary>Sends the message; returns an error to show, or null once sent.</summary>
    [Parameter, EditorRequired]
    public Func<ComposerMessage, Task<string?>> OnSend { get; set; } = default!;

    /// <summary>Raised while the user types (at most every few seconds), for "is typing…" elsewhere; true while writing a private note.</summary>
    [Parameter]
    public EventCallback<bool> OnTyping { get; set; }

    public ValueTask FocusAsync() => field.FocusAsync();

    /// <summary>
    /// Where unsent text is kept across switching conversations and reloading (in this browser, per person and
    /// conversation: the caller puts both in the key) until it is sent; null keeps none.
    /// </summary>
    [Parameter]
    public string? DraftKey { get; set; }

    private IJSObjectReference? draftWatch;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        script = new UiScript(JS);
        try
        {
            var module = await script.ModuleAsync();
            if (input?.Element is { } element) await module.InvokeVoidAsync("forwardDropAndPaste", zone, element);
            if (TemplatesForConversationId is not null || MentionCandidates.Count > 0) await module.InvokeVoidAsync("guardPickerKeys", zone);
            if (DraftKey is null || disposed) return;
            draftWatch = await module.InvokeAsync<IJSObjectReference>("keepDraft", zone, DraftKey);
            if (text.Length == 0 && !disposed && ComposerDraft.Read(await module.InvokeAsync<string?>("loadDraft", DraftKey)) is { } draft)
            {
                (text, privateNote) = (draft.Text, draft.PrivateNote && AllowPrivateNote);
                StateHasChanged();
            }
        }
        catch (Exception ex) when (disposed && ex is ObjectDisposedException or JSDisconnectedException or TaskCanceledException)
        {
            // Left (another conversation was opened) while the browser was still being set up: nothing to set up any more.
        }
    }

    private bool disposed;

    /// <summary>Sent: the draft is forgotten (the browser writes every keystroke down itself).</summary>
    private async Task ForgetDraftAsync()
    {
        if (DraftKey is null || script is null) return;
        try
        {
            await (await script.ModuleAsync()).InvokeVoidAsync("saveDraft", DraftKey, null);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone, and its composer with it.
        }
    }

    private async Task OnTextChanged(string? value)
    {
        text = value ?? "";
        error = text.Length > MessageRules.MaxLength ? MessageRules.Validate(text) : null;
        if (text.Length > 0 && Clock.GetUtcNow().UtcDateTime - lastTypingSignal > TimeSpan.FromSeconds(2))
        {
            lastTypingSignal = Clock.GetUtcNow().UtcDateTime;
            await OnTyping.InvokeAsync(privateNote);
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && (e.CtrlKey || e.MetaKey))
        {
            await SendAsync();
            return;
        }
        if (e.CtrlKey || e.MetaKey || e.AltKey) return;
        // With the mention or template picker open, arrows choose and Enter inserts (the browser does not move the caret or add a line).
        if (Mentioning is { } mentioning)
        {
            var count = mentioning.Choices.Count;
            switch (e.Key)
            {
                case "ArrowDown": mentionSelected = (mentionSelected + 1) % count; break;
                case "ArrowUp": mentionSelected = (mentionSelected - 1 + count) % count; break;
                case "Enter": InsertMention(mentioning.Choices[Math.Min(mentionSelected, count - 1)]); break;
            }
            return;
        }
        if (TemplateQuery is null || picker is null) return;
        switch (e.Key)
        {
            case "ArrowDown": picker.Move(1); break;
            case "ArrowUp": picker.Move(-1); break;
            case "Enter": await picker.InsertSelectedAsync(); break;
        }
    }

    private async Task OnFilesChosenAsync(InputFileChangeEventArgs e)
    {
        var limits = AttachmentOptions.Value;
        // All of them (GetMultipleFiles throws for more than it is asked for): those over the limit are refused one by one.
        var chosen = e.GetMultipleFiles(maximumFileCount: Math.Max(1, e.FileCount));
        var items = chosen.Select(f => new UploadItem(f.Name, f.Size)).ToList();
        var held = uploads.Count(u => u.Error is null);
        uploads.AddRange(items);
        // Each file on its own, in the order chosen: one bad file gets its own error and the others carry on.
        for (var i = 0; i < chosen.Count; i++)
        {
            var item = items[i];
            if (held >= limits.MaxFilesPerMessage)
            {
                item.Error = $"“{item.Name}” was not added: a message can have at most {limits.MaxFilesPerMessage} files.";
                continue;
            }
            // Uploads go over the circuit, not as HTTP requests, so they are limited here, per user.
            if (await UserIdAsync() is { } userId && UploadLimiter.TryAcquire(userId) is { } tooFast)
            {
                item.Error = tooFast;
                continue;
            }
            await UploadAsync(chosen[i], item, limits.MaxFileBytes);
            if (item.Error is null) held++;
        }
    }

    private async Task<string?> UserIdAsync() =>
        AuthenticationState is null ? null : (await AuthenticationState).User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    private async Task UploadAsync(IBrowserFile file, UploadItem item, long maxBytes)
    {
        // The app's own words, before the framework's ("Supplied file with size ... bytes exceeds the maximum ...").
        if (Attachments.CheckSize(file.Name, file.Size) is { } tooLarge)
        {
            item.Error = tooLarge;
            StateHasChanged();
            return;
        }
        var lastShown = 0.0;
        try
        {
            await using var stream = new ProgressStream(file.OpenReadStream(maxBytes + 1), read =>
            {
                item.Progress = file.Size == 0 ? 100 : 100.0 * read / file.Size;
                if (item.Progress - lastShown < 5) return;
                lastShown = item.Progress;
                _ = InvokeAsync(StateHasChanged);
            });
            var result = await Attachments.StageAsync(stream, file.Name, file.Size);
            if (result.Succeeded) item.Staged = result.Value;
            else item.Error = result.ErrorText;
        }
        catch (IOException ex)
        {
            Logger.LogWarning(ex, "Uploading a file failed.");
            item.Error = $"“{file.Name}” could not be uploaded; the connection may have dropped. Remove it and try again.";
        }
        StateHasChanged();
    }

    private async Task RemoveAsync(UploadItem item)
    {
        uploads.Remove(item);
        if (item.Staged is not null) await Attachments.DiscardAsync(item.Staged);
    }

    private async Task SendAsync()
    {
        if (sending) return;
        if (uploads.Any(u => u.Uploading))
        {
            error = "Wait until the files have finished uploading.";
            return;
        }
        var files = uploads.Where(u => u.Staged is not null).Select(u => u.Staged! with { SendOriginal = sendOriginal && OffersSendOriginal }).ToList();
        error = MessageRules.Validate(text, files.Count > 0);
        var copies = EmailFields && !privateNote ? new EmailCopies(cc, bcc) : null;
        ccError = EmailAddresses.Parse(copies?.Cc, "Cc").Error;
        bccError = EmailAddresses.Parse(copies?.Bcc, "Bcc").Error;
        if (error is not null || ccError is not null || bccError is not null) return;
        sending = true;
        try
        {
            try
            {
                error = await OnSend(new ComposerMessage(text, privateNote, files, copies is { IsEmpty: false } ? copies : null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The send failed (the database refused the write, say): the text and files stay for another try.
                Logger.LogError(ex, "Sending a message failed.");
                error = SendFailed;
            }
            if (error is null)
            {
                text = "";
                privateNote = false;
                sendOriginal = false;
                uploads.Clear();
                (cc, bcc, showCopies) = (null, null, false);
                // Sent: the next keystroke shows "is typing…" again at once, not two seconds after the last signal.
                lastTypingSignal = default;
                await ForgetDraftAsync();
            }
        }
        finally
        {
            sending = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        await UiScript.ReleaseAsync(draftWatch);
        if (script is not null) await script.DisposeAsync();
        // Files uploaded but never sent (the composer was closed or left) are not kept. While a send is under way they
        // may already belong to the message, so they are left alone.
        if (!sending)
        {
            foreach (var staged in uploads.Where(u => u.Staged is not null).Select(u => u.Staged!).ToList())
                await Attachments.DiscardAsync(staged);
            uploads.Clear();
        }
        GC.SuppressFinalize(this);
    }
}
