# CUDA image of DiffusionBot: ONNX Runtime GPU flavour (-p:OnnxRuntimeFlavor=Gpu), CUDA 12 + cuDNN 9.
# Build:  docker build -t diffusionbot .
# Run:    docker run --gpus all -e Discord__Token=... -v /srv/models/sd15:/models/sd15:ro -v diffusionbot-data:/data diffusionbot
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props DiffusionBot.sln ./
COPY config/ config/
COPY src/ src/
RUN dotnet publish src/DiffusionBot/DiffusionBot.csproj -c Release -p:OnnxRuntimeFlavor=Gpu -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble AS dotnet

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && groupadd --system bot && useradd --system --gid bot --home /data bot \
    && mkdir -p /data && chown bot:bot /data
COPY --from=build /app /app
WORKDIR /app
ENV DOTNET_NOLOGO=1 \
    Generator__ExecutionProvider=Cuda \
    Models__Entries__sd15__Path=/models/sd15 \
    Generator__DemoModelPath=/data/demo-model \
    Storage__DatabasePath=/data/diffusionbot.db \
    Storage__ImagesOnDisk=true \
    Storage__ImageDirectory=/data/images \
    Health__StatePath=/data/health.json
VOLUME /data
USER bot
# The bot writes /data/health.json every Health:WriteInterval; `health` exits 1 when that state is older than
# Health:MaxStateAge, the gateway has been disconnected longer than Health:MaxGatewayDisconnected, or one job has been
# generating longer than Health:MaxGenerationTime. No network is involved. The start period covers loading the model.
HEALTHCHECK --interval=30s --timeout=20s --start-period=2m --retries=3 \
    CMD ["dotnet", "DiffusionBot.dll", "health"]
ENTRYPOINT ["dotnet", "DiffusionBot.dll"]
