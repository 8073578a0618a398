using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Matching.ArchitectureTests;

/// <summary>The members an assembly's code calls, read from its IL.</summary>
internal static class Calls
{
    /// <summary>Calls that read the time or draw chance: a pure engine gets the time it needs from its caller.</summary>
    private static readonly string[] ClockOrChance =
    [
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
        "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow",
        "System.Environment::get_TickCount", "System.Environment::get_TickCount64",
        "System.Diagnostics.Stopwatch::", "System.Random::", "System.Guid::NewGuid",
    ];

    public static bool IsClockOrChance(string call) => ClockOrChance.Any(call.StartsWith);

    /// <summary>Every called member as <c>Type::Member</c>.</summary>
    public static IReadOnlyList<string> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.GetTypes()
            .SelectMany(type => type.Methods)
            .Where(method => method.HasBody)
            .SelectMany(method => method.Body.Instructions)
            .Where(instruction => instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj)
            .Select(instruction => instruction.Operand)
            .OfType<MethodReference>()
            .Select(method => $"{method.DeclaringType.FullName}::{method.Name}")
            .Distinct()
            .ToList();
    }
}
