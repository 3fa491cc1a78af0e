#!/usr/bin/env bash
# Keeps app/ and ui/ portable (traders mostly use Windows; see docs/portability.md): fails
# when a platform-only header, call or constant appears outside the named platform files.
# Qt covers what the programs need (files, processes, sockets, paths, settings); standard
# C++ covers the rest, e.g. <csignal> with std::signal for SIGINT and SIGTERM.
#
# Code that cannot avoid a platform API goes in a file listed in platform_files, next to
# its counterparts for the other systems, behind one portable interface.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# Paths relative to the repository root.
# - app/cli/StandardOutput.cpp: writes to file descriptor 1 (POSIX write, Windows _write) to
#   know how much of a failed write got out, and ignores SIGPIPE where there is one.
platform_files=(app/cli/StandardOutput.cpp)

# Headers that exist on one family of systems only: POSIX/Linux, Windows, macOS.
headers='unistd\.h|sys/[A-Za-z0-9_/]+\.h|pthread\.h|dlfcn\.h|fcntl\.h|termios\.h|poll\.h'
headers+='|netinet/[A-Za-z0-9_]+\.h|arpa/[A-Za-z0-9_]+\.h|netdb\.h|ifaddrs\.h|net/if\.h|resolv\.h'
headers+='|syslog\.h|pwd\.h|grp\.h|dirent\.h|sched\.h|semaphore\.h|spawn\.h|mqueue\.h|aio\.h'
headers+='|utmpx?\.h|wordexp\.h|glob\.h|fnmatch\.h|ftw\.h|libgen\.h|strings\.h|err\.h|execinfo\.h'
headers+='|mntent\.h|endian\.h|byteswap\.h|alloca\.h|malloc\.h|features\.h|getopt\.h|langinfo\.h'
headers+='|ucontext\.h|utime\.h|regex\.h|link\.h|elf\.h|(linux|asm|bits|gnu|X11|xcb|wayland)/[^>]+'
headers+='|windows\.h|winsock2?\.h|ws2tcpip\.h|io\.h|process\.h|direct\.h|shlobj\.h|dbghelp\.h'
headers+='|mach/[^>]+|CoreFoundation/[^>]+|Security/[^>]+'

# Functions from POSIX or Linux (Qt or the C++ library has a portable way for each),
# flagged when called unqualified or as ::name(, not as obj.name(, p->name( or Ns::name(.
calls='fork|vfork|exec[lv]p?e?|waitpid|wait[34]|kill|killpg|sigaction|sigprocmask'
calls+='|signalfd|getpid|getppid|getuid|geteuid|getgid|setuid|setsid|daemon|prctl|syscall'
calls+='|setenv|unsetenv|putenv|sleep|usleep|nanosleep|pipe2?|dup2?|isatty|ttyname|ioctl'
calls+='|mkstemp|mkdtemp|realpath|readlink|symlink|chmod|fchmod|chown|umask|access|unlink'
calls+='|popen|pclose|gettimeofday|clock_gettime|localtime_r|gmtime_r|strerror_r|strdup|strndup'
calls+='|strcasecmp|strncasecmp|mmap|munmap|mprotect|fsync|fdatasync|ftruncate|truncate'
calls+='|getpwuid|getpwnam|uname|sysconf|dlopen|dlsym|dlclose|posix_memalign|opendir|readdir'
calls+='|closedir|openlog|syslog|epoll_create1?|epoll_ctl|epoll_wait|inotify_init1?'
calls+='|inotify_add_watch|eventfd|timerfd_create|select|poll'
# The POSIX file-descriptor functions only when written as ::name( (a bare open() or
# close() is usually the class's own member).
fd_calls='open|close|read|write|lseek|fcntl|fstat|stat|lstat'
# Constants from POSIX headers. SIGINT and SIGTERM are standard C and C++.
constants='SIG(HUP|PIPE|KILL|USR1|USR2|CHLD|ALRM|STOP|CONT|QUIT|TSTP|TTIN|TTOU|WINCH)'
constants+='|O_(RDONLY|WRONLY|RDWR|CREAT|EXCL|TRUNC|APPEND|NONBLOCK|CLOEXEC)|STD(IN|OUT|ERR)_FILENO'

export PLATFORM_FILES
PLATFORM_FILES="$(printf '%s\n' "${platform_files[@]}")"

mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- app ui | grep -E '\.(c|cc|cpp|cxx|h|hh|hpp|mm)$')

[ ${#sources[@]} -gt 0 ] || { echo "40-portability: no sources found under app/ and ui/ (not a git checkout?)" >&2; exit 1; }

report="$(perl -e '
  my ($headers, $calls, $fd_calls, $constants, @files) = @ARGV;
  my %allowed = map { $_ => 1 } split /\n/, ($ENV{PLATFORM_FILES} // "");
  my $found = 0;
  for my $file (@files) {
    next if $allowed{$file};
    open(my $in, "<", $file) or die "$file: $!";
    local $/; my $text = <$in>; close $in;
    my @original = split /\n/, $text, -1;
    # Comments and string/char literals say nothing about what the code calls: blank
    # them, keeping the newlines so that line numbers stay right.
    $text =~ s{(R"([^(\s]*)\(.*?\)\2") | (//[^\n]*) | (/\*.*?\*/) | ("(?:\\.|[^"\\\n])*") | (\x27(?:\\.|[^\x27\\\n])*\x27)}
              { my $m = $&; (my $keep = $m) =~ tr/\n//cd; (defined $3 || defined $4) ? $keep : "\"\"$keep" }gsex;
    my $n = 0;
    for my $line (split /\n/, $text, -1) {
      $n++;
      my @why;
      push @why, "header <$1>" if $line =~ m{^\s*#\s*include\s*<($headers)>};
      while ($line =~ m{(?<![\w.>:])(?:::)?\b($calls)\s*\(}g) { push @why, "call $1()"; }
      while ($line =~ m{(?<![\w.>])::($fd_calls)\s*\(}g) { push @why, "call ::$1()"; }
      while ($line =~ m{\b($constants)\b}g) { push @why, "constant $1"; }
      next unless @why;
      (my $shown = $original[$n - 1]) =~ s/^\s+//;
      print "$file:$n: ", join(", ", @why), ": $shown\n";
      $found++;
    }
  }
  exit($found ? 1 : 0);
' "$headers" "$calls" "$fd_calls" "$constants" "${sources[@]}" 2>&1)" && status=0 || status=$?

if [ "$status" -ne 0 ]; then
  echo "$report" >&2
  echo "40-portability: platform-only code in app/ or ui/ outside the platform files" \
       "(${platform_files[*]:-none}); use Qt or standard C++, or move it behind a platform file" \
       "(see docs/portability.md)." >&2
  exit 1
fi
echo "40-portability: OK (${#sources[@]} files in app/ and ui/, platform files: ${platform_files[*]:-none})"
