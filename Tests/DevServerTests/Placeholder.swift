// DevServer's tests land with its issue; this file keeps the target buildable.
