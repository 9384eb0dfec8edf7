// MSBuild inline task (compiled by RoslynCodeTaskFactory from Directory.Build.targets; not part of any project).
// Writes a copy of an ELF64 shared library in which every libstdc++ symbol-version need newer than what
// Debian 12 ships (GLIBCXX_3.4.30, CXXABI_1.3.13) is marked VER_FLG_WEAK, and the GCC 13 anchor symbol
// std::ios_base_library_init() is made unversioned. Any other symbol bound to a too-new version is an error:
// then the library really needs the newer libstdc++ and no patch can help.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchElfVersionNeeds : Task
{
    [Required] public string Source { get; set; } = "";
    [Required] public string Destination { get; set; } = "";
    [Output] public string Report { get; set; } = "";

    const uint ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2, VerNdxGlobal = 1;
    const string AnchorSymbol = "_ZSt21ios_base_library_initv";
    static readonly int[] MaxGlibcxx = { 3, 4, 30 };
    static readonly int[] MaxCxxabi = { 1, 3, 13 };

    public override bool Execute()
    {
        try
        {
            var source = new FileInfo(Source);
            var dest = new FileInfo(Destination);
            if (dest.Exists && dest.LastWriteTimeUtc >= source.LastWriteTimeUtc && dest.Length == source.Length)
            {
                Report = "libLibTorchSharp.so: patched copy is up to date";
                return true;
            }
            byte[] elf = File.ReadAllBytes(Source);
            Report = Patch(elf);
            Directory.CreateDirectory(dest.DirectoryName!);
            string tmp = Destination + ".tmp";
            File.WriteAllBytes(tmp, elf);
            if (File.Exists(Destination)) File.Delete(Destination); // netstandard2.0 has no Move(overwrite)
            File.Move(tmp, Destination);
            File.SetLastWriteTimeUtc(Destination, source.LastWriteTimeUtc);
            return true;
        }
        catch (InvalidDataException e)
        {
            Log.LogError($"Cannot patch {Source} for older libstdc++: {e.Message}");
            return false;
        }
    }

    static string Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only little-endian ELF64 is supported");

        ulong shoff = U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        var sections = new List<(uint Type, ulong Offset, ulong Size, uint Link, ulong EntSize)>();
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)shoff + i * shentsize);
            sections.Add((U32(elf, h + 4), U64(elf, h + 24), U64(elf, h + 32), U32(elf, h + 40), U64(elf, h + 56)));
        }
        int verneedIdx = sections.FindIndex(s => s.Type == ShtGnuVerneed);
        int versymIdx = sections.FindIndex(s => s.Type == ShtGnuVersym);
        int dynsymIdx = sections.FindIndex(s => s.Type == ShtDynsym);
        if (verneedIdx < 0 || versymIdx < 0 || dynsymIdx < 0)
            return "no symbol versioning: nothing to patch";

        // Walk Elf64_Verneed / Elf64_Vernaux, weakening too-new libstdc++ needs.
        var verneed = sections[verneedIdx];
        int strtab = (int)sections[(int)verneed.Link].Offset;
        var tooNew = new Dictionary<ushort, string>();
        var report = new StringBuilder();
        int vn = (int)verneed.Offset;
        while (true)
        {
            ushort count = (ushort)U16(elf, vn + 2);
            string file = CString(elf, strtab + (int)U32(elf, vn + 4));
            int aux = vn + (int)U32(elf, vn + 8);
            for (int a = 0; a < count; a++)
            {
                string name = CString(elf, strtab + (int)U32(elf, aux + 8));
                if (file.StartsWith("libstdc++.so", StringComparison.Ordinal) && IsTooNew(name))
                {
                    ushort flags = (ushort)U16(elf, aux + 4);
                    W16(elf, aux + 4, (ushort)(flags | VerFlgWeak));
                    tooNew[(ushort)(U16(elf, aux + 6) & 0x7fff)] = name;
                    report.Append($"weakened {file} {name}; ");
                }
                uint next = U32(elf, aux + 12);
                if (next == 0) break;
                aux += (int)next;
            }
            uint vnNext = U32(elf, vn + 12);
            if (vnNext == 0) break;
            vn += (int)vnNext;
        }
        if (tooNew.Count == 0) return "no libstdc++ version need newer than GLIBCXX_3.4.30: nothing to patch";

        // Symbols bound to those versions: only the anchor may be unversioned; anything else is a real need.
        var dynsym = sections[dynsymIdx];
        int dynstr = (int)sections[(int)dynsym.Link].Offset;
        int versym = (int)sections[versymIdx].Offset;
        int symCount = (int)(dynsym.Size / dynsym.EntSize);
        var blocking = new List<string>();
        for (int i = 0; i < symCount; i++)
        {
            int entry = versym + 2 * i;
            ushort ver = (ushort)(U16(elf, entry) & 0x7fff);
            if (!tooNew.TryGetValue(ver, out string? version)) continue;
            string sym = CString(elf, dynstr + (int)U32(elf, (int)dynsym.Offset + i * (int)dynsym.EntSize));
            if (sym == AnchorSymbol)
            {
                W16(elf, entry, VerNdxGlobal);
                report.Append($"unversioned {sym}; ");
            }
            else blocking.Add($"{sym}@{version}");
        }
        if (blocking.Count > 0)
            throw new InvalidDataException("symbols really need a newer libstdc++ than GCC 12's: " + string.Join(", ", blocking));
        return report.ToString().TrimEnd(' ', ';');
    }

    static bool IsTooNew(string version)
    {
        int[]? limit = version.StartsWith("GLIBCXX_", StringComparison.Ordinal) ? MaxGlibcxx
            : version.StartsWith("CXXABI_", StringComparison.Ordinal) && !version.StartsWith("CXXABI_TM", StringComparison.Ordinal) ? MaxCxxabi
            : null;
        if (limit == null) return false;
        string[] parts = version.Substring(version.IndexOf('_') + 1).Split('.');
        for (int i = 0; i < Math.Max(parts.Length, limit.Length); i++)
        {
            int have = i < parts.Length && int.TryParse(parts[i], out int p) ? p : 0;
            int max = i < limit.Length ? limit[i] : 0;
            if (have != max) return have > max;
        }
        return false;
    }

    static int U16(byte[] b, int o) => b[o] | b[o + 1] << 8;
    static uint U32(byte[] b, int o) => BitConverter.ToUInt32(b, o);
    static ulong U64(byte[] b, int o) => BitConverter.ToUInt64(b, o);
    static void W16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }

    static string CString(byte[] b, int o)
    {
        int end = o;
        while (b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, o, end - o);
    }
}
