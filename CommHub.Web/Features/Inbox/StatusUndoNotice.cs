using CommHub.Core.Conversations;
using MudBlazor;

namespace CommHub.Web.Features.Inbox;

/// <summary>"Resolved — Undo": the snackbar after a status change, whose action puts back what the change replaced.</summary>
internal static class StatusUndoNotice
{
    /// <summary>How long the Undo stays offered.</summary>
    public const int VisibleMilliseconds = 8000;

    public static void Show(ISnackbar snackbar, ConversationService conversations, StatusUndo undo, string text)
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
