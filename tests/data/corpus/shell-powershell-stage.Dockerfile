# A Windows-style stage with PowerShell: not POSIX shell, so no ShellCheck there.
FROM mcr.microsoft.com/powershell:lts-debian-11 AS ps
SHELL ["pwsh", "-Command"]
RUN $ErrorActionPreference = 'Stop'; Write-Host $env:PATH
RUN Get-ChildItem -Path /etc | Select-Object -First 3

FROM debian:12.7-slim
RUN echo $SHELL > /shell
COPY --from=ps /etc/hostname /ps-host
CMD ["cat", "/shell"]
