using MudBlazor;

namespace CommHub.Web.Components.Shared;

/// <summary>How the app's form dialogs open: full width up to a size, closed with Escape.</summary>
public static class FormDialog
{
    public static DialogOptions Small => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    public static DialogOptions Medium => new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
}
