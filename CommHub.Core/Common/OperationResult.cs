namespace CommHub.Core.Common;

/// <summary>The outcome of a use case whose failures are the user's to fix: each error is a sentence to show.</summary>
public sealed record OperationResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static OperationResult Ok { get; } = new(true, []);

    public static OperationResult Fail(params string[] errors) => new(false, errors);

    public string ErrorText => string.Join(" ", Errors);
}

/// <summary>An <see cref="OperationResult"/> that carries what was made (a new id, say) when it succeeded.</summary>
public sealed record OperationResult<T>(bool Succeeded, T? Value, IReadOnlyList<string> Errors)
{
    public static OperationResult<T> Ok(T value) => new(true, value, []);

    public static OperationResult<T> Fail(params string[] errors) => new(false, default, errors);

    /// <summary>The outcome alone, for a caller that does not need the value.</summary>
    public OperationResult WithoutValue() => Succeeded ? OperationResult.Ok : new(false, Errors);

    public string ErrorText => string.Join(" ", Errors);
}
