using System;
using System.Diagnostics.CodeAnalysis;

namespace Loyalty.Rules;

/// <summary>One place for argument checks, so every message has the same shape: "field: reason".</summary>
internal static class Preconditions
{
    public static T NotNull<T>([NotNull] T? value, string field)
        where T : class
        => value ?? throw Missing(field);

    /// <summary>A required argument is null: "field: is required." (or the reason given).</summary>
    public static ArgumentNullException Missing(string field, string? reason = null) => new(field, $"{field}: {reason ?? "is required."}");

    public static string NotBlank([NotNull] string? value, string field)
    {
        if (value is null)
        {
            throw Missing(field);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field}: must not be empty or white space.", field);
        }

        return value;
    }

    public static ArgumentException Invalid(string field, string reason) => new($"{field}: {reason}", field);

    public static ArgumentOutOfRangeException OutOfRange(string field, object? actual, string reason)
        => new(field, actual, $"{field}: {reason}");
}
