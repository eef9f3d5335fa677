using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A group of earn policies combined by an explicit <see cref="Composition"/>: sum, best-of or first-match
/// (an exclusive group). Groups nest. The group's own <see cref="EarnPolicy.When"/> gates all its members.
/// </summary>
public sealed record PolicyGroup : EarnPolicy
{
    /// <summary>How the members combine.</summary>
    public required Composition Composition { get; init; }

    /// <summary>The members, in order; at least one. Caps cannot be members.</summary>
    public required IReadOnlyList<EarnPolicy> Policies { get; init; }

    internal override EarnPolicy Freeze() => this with
    {
        When = FrozenWhen,
        Policies = (Policies ?? []).Select(p => p?.Freeze()!).ToImmutableArray(),
    };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        if (!System.Enum.IsDefined(Composition))
        {
            check.Fail(path + ".composition", $"'{Composition}' is not a composition.");
        }

        if (Policies is null || Policies.Count == 0)
        {
            check.Fail(path + ".policies", "a group needs at least one member.");
            return;
        }

        for (int i = 0; i < Policies.Count; i++)
        {
            var member = Policies[i];
            var memberPath = $"{path}.policies[{i}]";
            if (member is null)
            {
                check.Fail(memberPath, "is null.");
            }
            else if (Composition == Composition.BestOf && Budgeted(member))
            {
                check.Fail(memberPath, "a budgeted offer cannot be a best-of member: which member is best would depend on what the host grants; use a first-match group.");
            }
            else if (member.IsCap)
            {
                check.Fail(memberPath, "a cap cannot be inside a group: caps act on the rounded total, at the end of the pipeline.");
            }
            else
            {
                check.Rule(memberPath, member.Id, () => member.Validate(check, memberPath));
            }
        }
    }

    private static bool Budgeted(EarnPolicy policy)
        => policy is TargetedOffer { Budget: not null } || (policy is PolicyGroup { Policies: { } members } && members.Any(m => m is not null && Budgeted(m)));

    internal override IEnumerable<EarnPolicy> Leaves() => LeavesOf(Policies);

    internal override Step Compile(CompileContext context)
    {
        var members = Policies.Select(p => p.Compile(context)).ToArray();
        if (Composition == Composition.FirstMatch)
        {
            // A stable sort: equal priorities keep list order.
            members = members.Select((m, i) => (m, i)).OrderByDescending(x => x.m.Priority).ThenBy(x => x.i).Select(x => x.m).ToArray();
        }

        return new GroupStep(this, members, context);
    }
}
