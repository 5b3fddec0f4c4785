/**
 * Registers the rotation function. authLevel 'anonymous': the Bella signature
 * authenticates every call, so no function key is needed in the endpoint URL.
 */
import { app } from '@azure/functions';
import { rotation } from './rotation.js';

app.http('bella-rotation', { methods: ['POST'], authLevel: 'anonymous', route: 'rotate', handler: rotation });
