using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>One step of a tenure accelerator: from <see cref="Years"/> complete years of membership on, multiply by <see cref="Factor"/>.</summary>
/// <param name="Years">Complete years since enrolment; positive.</param>
/// <param name="Factor">The factor (1.1 for +10%); not negative.</param>
public sealed record TenureStep(int Years, decimal Factor);

/// <summary>
/// The tenure accelerator: multiplies the rate-earned points accumulated so far by a factor that grows with the
/// member's complete years of membership (e.g. x1.1 after 2 years, x1.25 after 5). A year is complete on the
/// anniversary of <see cref="MemberContext.EnrolledOn"/> in the program's zone (enrolled on 29 February: 28 February in
/// common years, NodaTime's <c>PlusYears</c>). Members without an enrolment date, or not yet at the first step, are not
/// accelerated. Multipliers multiply: x1.5 tier and x1.1 tenure give x1.65.
/// </summary>
public sealed record TenureAccelerator : EarnPolicy
{
    /// <summary>The steps, in increasing years.</summary>
    public required ImmutableArray<TenureStep> Steps { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        if (Steps.IsDefaultOrEmpty)
        {
            check.Fail(path + ".steps", "must hold at least one step.");
            return;
        }

        for (int i = 0; i < Steps.Length; i++)
        {
            if (Steps[i] is not { } step)
            {
                check.Fail($"{path}.steps[{i}]", "is null.");
                continue;
            }

            check.Positive($"{path}.steps[{i}].years", step.Years);
            check.Factor($"{path}.steps[{i}].factor", step.Factor);
            if (i > 0 && Steps[i - 1] is { } previous && step.Years <= previous.Years)
            {
                check.Fail($"{path}.steps[{i}].years", $"steps must be in increasing years: {step.Years} follows {previous.Years}.");
            }
        }
    }

    /// <summary>The factor for a tenure, or null before the first step.</summary>
    internal decimal? FactorFor(int years)
    {
        decimal? factor = null;
        foreach (var step in Steps)
        {
            if (step.Years <= years)
            {
                factor = step.Factor;
            }
        }

        return factor;
    }

    internal override decimal StackFactor => Steps.IsDefaultOrEmpty ? 1m : Steps.Max(s => s.Factor);

    internal override Step Compile(CompileContext context)
    {
        context.UsesLocalDate = true;
        context.TracksTenure = true;
        return new TenureMultiplierStep(this, context);
    }

    /// <inheritdoc />
    public bool Equals(TenureAccelerator? other) => base.Equals(other) && Steps.SequenceEqual(other!.Steps);

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(base.GetHashCode(), Steps.Length);

    internal string Reason(int years, decimal factor)
        => string.Create(CultureInfo.InvariantCulture, $"x{EarnRate.Number(factor)} {Label} ({years} years a member)");
}
