// Commands land with the bounds and engine modules.
