using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>Collects every problem of a program under construction; knows what the program declares.</summary>
internal sealed class ProgramCheck
{
    private readonly List<ValidationProblem> problems = [];
    private readonly HashSet<string> ids = new(System.StringComparer.Ordinal);

    public ProgramCheck(FrozenSet<string> tiers) => Tiers = tiers;

    public FrozenSet<string> Tiers { get; }

    public IReadOnlyList<ValidationProblem> Problems => problems;

    public void Fail(string path, string reason) => problems.Add(new ValidationProblem(path, reason) { RuleId = rule.Id, RulePath = rule.Path });

    /// <summary>Validates one rule: the problems found meanwhile name it (<c>earn[1] (id 'lucky-draw').odds</c>).</summary>
    public void Rule(string path, string? id, System.Action validate)
    {
        var outer = rule;
        rule = string.IsNullOrWhiteSpace(id) || Preconditions.IdProblem(id) is not null ? outer : (id, path);
        try
        {
            validate();
        }
        finally
        {
            rule = outer;
        }
    }

    private (string? Id, string? Path) rule;

    public void Id(string path, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            Fail(path, "is required.");
        }
        else if (Preconditions.IdProblem(id) is { } problem)
        {
            Fail(path, problem);
        }
        else if (!ids.Add(id))
        {
            Fail(path, $"'{id}' is used by another rule; rule ids must be unique in a program.");
        }
    }

    public void NotNegative(string path, decimal value)
    {
        if (value < 0m)
        {
            Fail(path, $"must not be negative, was {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    public void Positive(string path, long value)
    {
        if (value <= 0)
        {
            Fail(path, $"must be positive, was {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    public void Positive(string path, Points value) => Positive(path, value.Value);

    /// <summary>A rate (points or credits per currency unit): from 0 to <see cref="ProgramLimits.MaxRate"/>.</summary>
    public void Rate(string path, decimal value) => Within(path, value, ProgramLimits.MaxRate);

    /// <summary>A factor that scales points (a multiplier, a tier or tenure factor): from 0 to <see cref="ProgramLimits.MaxFactor"/>.</summary>
    public void Factor(string path, decimal value) => Within(path, value, ProgramLimits.MaxFactor);

    /// <summary>A percentage of points: from 0 to <see cref="ProgramLimits.MaxPercent"/>.</summary>
    public void Percent(string path, decimal value) => Within(path, value, ProgramLimits.MaxPercent);

    /// <summary>Points a rule awards: above 0 (or at least 0) and at most <see cref="ProgramLimits.MaxAward"/>.</summary>
    public void Award(string path, Points value, bool zeroAllowed = false)
    {
        if (zeroAllowed)
        {
            NotNegative(path, value.Value);
        }
        else
        {
            Positive(path, value.Value);
        }

        if (value.Value > ProgramLimits.MaxAward)
        {
            Fail(path, string.Create(CultureInfo.InvariantCulture, $"must be at most {ProgramLimits.MaxAward}, was {value.Value}."));
        }
    }

    private void Within(string path, decimal value, decimal max)
    {
        if (value < 0m)
        {
            NotNegative(path, value);
        }
        else if (value > max)
        {
            Fail(path, string.Create(CultureInfo.InvariantCulture, $"must be at most {max}, was {value}."));
        }
    }

    public void Names(string path, IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return;
        }

        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                Fail($"{path}[{i}]", "must not be empty.");
            }
            else if (!seen.Add(names[i]))
            {
                Fail($"{path}[{i}]", $"'{names[i]}' is listed twice.");
            }
        }
    }

    /// <summary>A voucher's validity in days: none, or 1 to <see cref="ProgramLimits.MaxDays"/>.</summary>
    public void VoucherDays(string path, int? days)
    {
        if (days is { } d && (d < 1 || d > ProgramLimits.MaxDays))
        {
            Fail(path, string.Create(CultureInfo.InvariantCulture, $"must be 1 to {ProgramLimits.MaxDays} days, was {d}."));
        }
    }

    public void Tier(string path, string? tier)
    {
        if (tier is not null && !Tiers.Contains(tier))
        {
            Fail(path, Tiers.Count == 0
                ? $"tier '{tier}' is not declared: the program declares no tiers."
                : $"tier '{tier}' is not declared; the program's tiers are {string.Join(", ", Tiers)}.");
        }
    }
}
