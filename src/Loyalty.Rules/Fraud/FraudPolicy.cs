using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What happens to held points when their review deadline passes.</summary>
public enum HoldResolution
{
    /// <summary>The points become the member's, as if a reviewer had released them.</summary>
    Release,

    /// <summary>The points are removed, as if a reviewer had voided them.</summary>
    Void,
}

/// <summary>
/// When held points must be reviewed, and what happens if nobody does: stated in the program, so nothing is approved
/// by accident. The deadline follows "within N days": points held on local date D are resolved at the start of local
/// date D + <see cref="Days"/> + 1.
/// </summary>
/// <param name="Days">Days a reviewer has; positive.</param>
/// <param name="AtDeadline">What happens when the deadline passes.</param>
public sealed record HoldReview(int Days, HoldResolution AtDeadline)
{
    internal Instant Deadline(Instant heldAt, DateTimeZone zone) => ExpiryPolicy.StartOf(heldAt.InZone(zone).Date.PlusDays(Days + 1), zone);
}

/// <summary>The program's fraud checks, in order, and the review of held points.</summary>
public sealed record FraudPolicy
{
    /// <summary>No checks.</summary>
    public static FraudPolicy None { get; } = new();

    /// <summary>The checks, in the order their findings are reported.</summary>
    public ImmutableArray<FraudCheck> Checks { get; init; } = [];

    /// <summary>The review deadline of held points; required when any check can hold.</summary>
    public HoldReview? Review { get; init; }

    /// <summary>Runs every check on an event.</summary>
    internal FraudVerdict Inspect(in FraudInput input)
    {
        if (Checks.IsEmpty)
        {
            return FraudVerdict.Allowed;
        }

        var findings = inspected ??= [];
        findings.Clear(); // a check that threw may have left some
        foreach (var check in Checks)
        {
            check.Inspect(input, findings);
        }

        var verdict = findings.Count == 0 ? FraudVerdict.Allowed : FraudVerdict.Of(findings); // the verdict copies them
        findings.Clear();
        return verdict;
    }

    /// <summary>The findings of the event this thread inspects (working memory: every event has some checks, most find nothing).</summary>
    [System.ThreadStatic]
    private static List<FraudFinding>? inspected;

    /// <summary>Runs every check on a referral as it qualifies.</summary>
    internal FraudVerdict Inspect(Referral referral)
    {
        var findings = new List<FraudFinding>();
        foreach (var check in Checks)
        {
            check.Inspect(referral, findings);
        }

        return FraudVerdict.Of(findings);
    }

    internal void Validate(ProgramCheck check, LedgerPolicy ledger)
    {
        var ids = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = 0; i < Checks.Length; i++)
        {
            var path = $"fraud.checks[{i}]";
            if (Checks[i] is null)
            {
                check.Fail(path, "is null.");
                continue;
            }

            Checks[i].Validate(check, path, ledger);
            if (!string.IsNullOrWhiteSpace(Checks[i].Id) && !ids.Add(Checks[i].Id))
            {
                check.Fail(path + ".id", $"'{Checks[i].Id}' is used by another check.");
            }
        }

        if (Review is { } review)
        {
            check.Positive("fraud.review.days", review.Days);
            if (!System.Enum.IsDefined(review.AtDeadline))
            {
                check.Fail("fraud.review.atDeadline", $"'{review.AtDeadline}' is not a hold resolution.");
            }
        }
        else if (Checks.Where(c => c is not null && c.CanHold).ToList() is { Count: > 0 } holding)
        {
            string which = string.Join("; ", holding.Select(c => $"check '{c.Id}' ({c.GetType().Name}) can hold points: {c.HoldsBecause}"));
            check.Fail("fraud.review", $"{which}; so the program must say when holds are reviewed and what happens at the deadline (release or void), or the check must reject instead.");
        }
    }

    /// <inheritdoc />
    public bool Equals(FraudPolicy? other) => other is not null && Checks.SequenceEqual(other.Checks) && Review == other.Review;

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Checks.Length, Review);
}

/// <summary>Adds fraud checks to a program.</summary>
public static class FraudBuilderExtensions
{
    /// <summary>Adds a fraud check; checks report their findings in the order they are added.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="check">The check.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyProgramBuilder AddFraudCheck(this LoyaltyProgramBuilder builder, FraudCheck check)
    {
        Preconditions.NotNull(builder, nameof(builder));
        return builder.WithFraud(builder.FraudPolicy with { Checks = builder.FraudPolicy.Checks.Add(Preconditions.NotNull(check, nameof(check))) });
    }

    /// <summary>Sets when held points are reviewed and what happens at the deadline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="review">The review.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyProgramBuilder WithHoldReview(this LoyaltyProgramBuilder builder, HoldReview review)
    {
        Preconditions.NotNull(builder, nameof(builder));
        return builder.WithFraud(builder.FraudPolicy with { Review = Preconditions.NotNull(review, nameof(review)) });
    }
}
