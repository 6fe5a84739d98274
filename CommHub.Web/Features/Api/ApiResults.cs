using System.Security.Claims;
using CommHub.Core.Common;

namespace CommHub.Web.Features.Api;

/// <summary>Turning a Core result into RFC 9457 problem details, so each endpoint reads as one call and one answer.</summary>
public static class ApiResults
{
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>A 400 whose <c>errors</c> name the field each sentence is about.</summary>
    public static IResult Invalid(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] }, title: "The request is not valid");

    /// <summary>A Core refusal: 404 when the record is gone, 400 with the sentences otherwise.</summary>
    public static IResult Refused(IReadOnlyList<string> errors, string field = "")
    {
        var text = string.Join(" ", errors);
        if (text.Contains("no longer exists", StringComparison.Ordinal)) return NotFound(text);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [.. errors] }, title: "The request is not valid", detail: text);
    }

    public static IResult Refused(OperationResult result, string field = "") => Refused(result.Errors, field);

    public static int PageSize(int? limit, int max = 100) => Math.Clamp(limit ?? 50, 1, max);

    /// <summary>The token's user (the API's policies have made sure there is one).</summary>
    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
