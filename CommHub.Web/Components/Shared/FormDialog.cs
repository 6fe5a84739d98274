using MudBlazor;

namespace CommHub.Web.Components.Shared;

/// <summary>
/// How the app's form dialogs open: full width up to a size, closed with Escape, the cursor where the form puts it, its first field (the
/// dialog itself taking focus instead would blur that field and show its "required" error before anything was typed).
/// </summary>
public static class FormDialog
{
    public static DialogOptions Small => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, DefaultFocus = DefaultFocus.None };

    public static DialogOptions Medium => new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, DefaultFocus = DefaultFocus.None };
}
