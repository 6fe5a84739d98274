using CommHub.Core.Common;
using CommHub.Core.Conversations;
using MudBlazor;

namespace CommHub.Web.Features.Inbox;

/// <summary>"Resolved — Undo": the snackbar after a status change, whose action puts back what the change replaced.</summary>
internal static class StatusUndoNotice
{
    /// <summary>How long the Undo stays offered.</summary>
    public const int VisibleMilliseconds = 8000;

    /// <summary>Resolves the conversations and, for those it changed, offers Undo; the outcome is the caller's to report.</summary>
    public static async Task<OperationResult> ResolveAsync(ISnackbar snackbar, ConversationService conversations, IReadOnlyCollection<int> ids, string text)
    {
        var result = await conversations.SetStatusAsync(ids, ConversationStatus.Resolved);
        if (result.Value is { } undo) Show(snackbar, conversations, undo, text);
        return result.WithoutValue();
    }

    private static void Show(ISnackbar snackbar, ConversationService conversations, StatusUndo undo, string text)
    {
        if (undo.Before.Count == 0) return;
        snackbar.Add(text, Severity.Success, options =>
        {
            options.Action = "Undo";
            options.ActionColor = Color.Inherit;
            options.VisibleStateDuration = VisibleMilliseconds;
            options.OnClick = async _ =>
            {
                var result = await conversations.UndoStatusAsync(undo);
                snackbar.Add(result.Succeeded ? "Undone." : result.ErrorText, result.Succeeded ? Severity.Info : Severity.Warning);
            };
        });
    }
}
