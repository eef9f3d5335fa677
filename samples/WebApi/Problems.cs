using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>
/// Every error is a ProblemDetails (RFC 9457) with the reason in <c>detail</c> and in <c>errors</c>: what the caller
/// sent wrong is 400 (with the field or JSON path), a body over the limit 413, a busy database 503 with Retry-After.
/// Nothing the caller can send gives a 500; an unexpected fault gives one without .NET text.
/// </summary>
public static class Problems
{
    /// <summary>A problem result for an endpoint.</summary>
    public static IResult Result(int status, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["errors"] = new[] { detail } };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            all[key] = value;
        }

        return Results.Problem(detail: detail, statusCode: status, extensions: all);
    }

    /// <summary>Writes a problem straight to the response (authentication challenges, exceptions).</summary>
    public static async Task Write(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["errors"] = new[] { detail } } };
        var service = http.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
        }
    }

    /// <summary>Maps an exception that reached the pipeline to its problem.</summary>
    public static Task Handle(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        switch (error)
        {
            case BadHttpRequestException { InnerException: JsonException json } bad:
                return Write(http, bad.StatusCode, "Bad request", $"{json.Path ?? "$"}: {json.Message}");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return Write(http, StatusCodes.Status413PayloadTooLarge, "Payload too large", "the request body is larger than this host accepts.");
            case BadHttpRequestException bad:
                return Write(http, bad.StatusCode, "Bad request", bad.Message);
            case StoreBusyException busy:
                http.Response.Headers.RetryAfter = "1";
                return Write(http, StatusCodes.Status503ServiceUnavailable, "Service unavailable", busy.Message);
            case ArgumentException argument:
                return Write(http, StatusCodes.Status400BadRequest, "Bad request", argument.Message);
            case OverflowException:
                return Write(http, StatusCodes.Status400BadRequest, "Bad request", "a figure is too large: an amount or the points it earns do not fit.");
            default:
                return Write(http, StatusCodes.Status500InternalServerError, "Internal error", "an unexpected error; it is logged with this request's trace id.");
        }
    }
}
